package dev.cairn.cache.store;

/**
 * Counters built on a store's compare-and-set ({@link Store#read} and a write on {@link Condition#unchangedSince}),
 * for the cases a remote store's native addition cannot take (memcached cannot subtract below zero or add
 * fractions; DynamoDB's {@code ADD} cannot add to a value kept as the codec's text). The semantics are
 * {@link CounterCapability}'s. Thread-safe if the store is.
 */
public final class CompareAndSetCounters {

  private CompareAndSetCounters() {
  }

  /**
   * Adds {@code delta} to the {@code Long} under {@code key}; a missing entry is created holding {@code delta}.
   *
   * @param where the store, for messages (such as {@code "memcached at host:port"})
   */
  public static <K, V> long add(Store<K, V> store, K key, long delta, long ttlIfAbsent, String where) {
    return ((Number) compareAndSet(store, key, ttlIfAbsent, delta, current -> {
      if (!(current instanceof Long number)) {
        throw notA(key, current, "Long", where);
      }
      try {
        return Math.addExact(number, delta);
      } catch (ArithmeticException e) {
        throw overflow(key, delta);
      }
    })).longValue();
  }

  /** As {@link #add(Store, Object, long, long, String)} for a {@code Double}. */
  public static <K, V> double add(Store<K, V> store, K key, double delta, long ttlIfAbsent, String where) {
    return ((Number) compareAndSet(store, key, ttlIfAbsent, delta, current -> {
      if (!(current instanceof Double number)) {
        throw notA(key, current, "Double", where);
      }
      double sum = number + delta;
      if (!Double.isFinite(sum)) {
        throw overflow(key, delta);
      }
      return sum;
    })).doubleValue();
  }

  /** The exception for a sum past the type's range. */
  public static ArithmeticException overflow(Object key, Object delta) {
    return new ArithmeticException("adding " + delta + " to key " + key + " would overflow; nothing changed");
  }

  private interface Sum {
    Object of(Object current);
  }

  /** Reads, adds, and writes if nothing changed meanwhile; a missing entry is created holding {@code delta}. */
  private static <K, V> Object compareAndSet(Store<K, V> store, K key, long ttlIfAbsent, Object delta, Sum sum) {
    while (true) {
      Snapshot<V> seen = store.read(key);
      Object next = seen.value() == null ? delta : sum.of(seen.value());
      if (seen.value() == null && ttlIfAbsent == 0) {
        return next;
      }
      @SuppressWarnings("unchecked")
      V value = (V) next;
      if (store.write(key, value, Condition.unchangedSince(seen), ttlIfAbsent, Ttl.UNCHANGED, false).applied()) {
        return next;
      }
    }
  }

  private static ClassCastException notA(Object key, Object current, String type, String where) {
    return new ClassCastException("the value of key " + key + " in " + where + " is a "
        + current.getClass().getName() + ", not a " + type + "; nothing changed");
  }
}
