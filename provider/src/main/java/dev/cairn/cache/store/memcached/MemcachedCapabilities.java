package dev.cairn.cache.store.memcached;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.codec.NumberCodec;
import dev.cairn.cache.codec.StringCodec;
import dev.cairn.cache.expiry.Clock;
import dev.cairn.cache.store.CompareAndSetCounters;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.CounterCapability;
import dev.cairn.cache.store.Globs;
import dev.cairn.cache.store.LeaseCapability;
import dev.cairn.cache.store.PatternCapability;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.Ttl;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The fast paths of one {@link MemcachedStore} that memcached's commands allow:
 * <ul>
 *   <li><b>counters</b>: {@code ma} (memcached's increment, one round trip) on an eternal counter kept as plain
 *       digits (see {@link EntryFormat}) when the delta is not negative; otherwise a compare-and-set through the
 *       store (read, add here, {@code ms C<cas>}). Memcached cannot subtract below zero, add fractions or keep a
 *       deadline header on a number it adds to, so decrements, {@code double} sums and counters with a time to live
 *       take the compare-and-set;</li>
 *   <li><b>leases</b>: {@code ms ME} (add, so one holder wins) of an item outside the entries
 *       ({@link KeySpace#lease}) holding the lease's deadline and owner; memcached drops it at the rounded-up second,
 *       and the deadline in the value ends it to the millisecond, after which the next taker replaces it with CAS;</li>
 *   <li><b>pattern removal</b>: the cache's live keys from its {@link KeyIndex}, matched here, and removed with one
 *       pipelined {@code md} per server and page.</li>
 * </ul>
 * Counters are offered only when the value codec is a {@link NumberCodec}, pattern removal only for String keys.
 * Thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class MemcachedCapabilities<K, V> implements CounterCapability<K>, LeaseCapability<K>, PatternCapability<K> {

  private final MetaClient client;
  private final KeySpace space;
  private final Store<K, V> store;
  private final Codec<K> keyCodec;
  private final Clock clock;
  private final boolean numericValues;
  private final boolean textKeys;

  MemcachedCapabilities(MetaClient client, KeySpace space, Store<K, V> store, Codec<K> keyCodec,
      Codec<V> valueCodec, Clock clock) {
    this.client = client;
    this.space = space;
    this.store = store;
    this.keyCodec = keyCodec;
    this.clock = clock;
    this.numericValues = valueCodec instanceof NumberCodec;
    this.textKeys = keyCodec instanceof StringCodec;
  }

  /** This object as {@code type}, if it is one and the codecs allow it; otherwise {@code null}. */
  <T> @Nullable T as(Class<T> type) {
    if (!type.isInstance(this) || (type == CounterCapability.class && !numericValues)
        || (type == PatternCapability.class && !textKeys)) {
      return null;
    }
    return type.cast(this);
  }

  /**
   * {@code ma} when it can: a delta of at least zero and a new counter that would be eternal. A sum past
   * {@link Long#MAX_VALUE} (memcached counts to 2^64) is subtracted again and refused; readers may see it meanwhile
   * as an unreadable miss. Otherwise, and when the stored value is not plain digits, a compare-and-set.
   */
  @Override
  public long add(K key, long delta, long ttlIfAbsent) {
    if (delta >= 0 && (ttlIfAbsent == Ttl.ETERNAL || ttlIfAbsent == Ttl.UNCHANGED)) {
      byte[] item = space.entry(keyCodec.encode(key));
      while (true) {
        MetaReply reply = client.add(item, delta, true);
        if (reply == null) {
          break;
        }
        if (reply.is("VA")) {
          long sum = Long.parseUnsignedLong(new String(reply.data(), StandardCharsets.US_ASCII).trim());
          if (sum < 0) {
            client.add(item, delta, false);
            throw CompareAndSetCounters.overflow(key, delta);
          }
          return sum;
        }
        if (store.write(key, value(delta), Condition.ABSENT, Ttl.ETERNAL, Ttl.UNCHANGED, false).applied()) {
          return delta;
        }
      }
    }
    return CompareAndSetCounters.add(store, key, delta, ttlIfAbsent, "memcached at " + client.description());
  }

  /** A compare-and-set: memcached has no floating-point arithmetic. */
  @Override
  public double add(K key, double delta, long ttlIfAbsent) {
    return CompareAndSetCounters.add(store, key, delta, ttlIfAbsent, "memcached at " + client.description());
  }

  @SuppressWarnings("unchecked")
  private V value(long number) {
    return (V) (Long) number;
  }

  /** {@code ms ME} of the lease item; if one is there but its deadline has passed, {@code ms C<cas>} over it. */
  @Override
  public boolean tryLease(Purpose purpose, K key, String owner, long millis) {
    byte[] item = leaseItem(purpose, key);
    while (true) {
      long now = clock.millis();
      long deadline = Ttl.deadline(now, millis, Long.MAX_VALUE);
      byte[] lease = (deadline + " " + owner).getBytes(StandardCharsets.UTF_8);
      long exptime = EntryFormat.exptime(deadline, now);
      if (client.set(item, lease, 0, exptime, 'E', 0).equals("HD")) {
        return true;
      }
      MetaReply held = client.get(item);
      if (held.is("VA")) {
        if (deadline(held) > now) {
          return false;
        }
        if (client.set(item, lease, 0, exptime, 'S', held.cas()).equals("HD")) {
          return true;
        }
      }
    }
  }

  /** {@code mg}, then {@code md C<cas>} if {@code owner} still holds the lease. */
  @Override
  public void releaseLease(Purpose purpose, K key, String owner) {
    byte[] item = leaseItem(purpose, key);
    MetaReply held = client.get(item);
    if (held.is("VA") && owner.equals(owner(held))) {
      client.delete(item, held.cas());
    }
  }

  @Override
  public @Nullable String leaseHolder(Purpose purpose, K key) {
    MetaReply held = client.get(leaseItem(purpose, key));
    return held.is("VA") && deadline(held) > clock.millis() ? owner(held) : null;
  }

  private byte[] leaseItem(Purpose purpose, K key) {
    return space.lease(purpose == Purpose.COMPUTE ? 'c' : 'w', keyCodec.encode(key));
  }

  private static long deadline(MetaReply lease) {
    String text = new String(lease.data(), StandardCharsets.UTF_8);
    int space = text.indexOf(' ');
    try {
      return Long.parseLong(text.substring(0, Math.max(0, space)));
    } catch (NumberFormatException e) {
      // not a lease Cairn wrote: treat it as ended, so that it is taken over rather than blocking forever
      return Long.MIN_VALUE;
    }
  }

  private static String owner(MetaReply lease) {
    String text = new String(lease.data(), StandardCharsets.UTF_8);
    return text.substring(text.indexOf(' ') + 1);
  }

  @Override
  public long removeMatching(String glob) {
    return removeMatching(glob, key -> true);
  }

  /** The live keys the key index lists, matched here, removed a page at a time; counts the live keys removed. */
  @Override
  public long removeMatching(String serverGlob, Predicate<? super K> exact) {
    return Globs.removeMatching(store, serverGlob, exact);
  }
}
