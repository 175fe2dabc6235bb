package dev.cairn.cache.extensions;

/**
 * The numbers {@code incr} and {@code decr} work on, for the generic path that reads, adds and compares-and-sets.
 * A missing entry starts as the cache's value type ({@code Long} or {@code Double} for an untyped cache); an
 * existing number keeps its type. Stateless.
 */
final class Arithmetic {

  private Arithmetic() {
  }

  /**
   * Whether a cache with values of {@code type} can hold what an integer increment produces.
   */
  static boolean holdsIntegers(Class<?> type) {
    return type == Object.class || type == Number.class || type == Long.class || type == Integer.class
        || type == Short.class || type == Byte.class || type == Double.class || type == Float.class;
  }

  /** Whether a cache with values of {@code type} can hold what a floating-point increment produces. */
  static boolean holdsFloats(Class<?> type) {
    return type == Object.class || type == Number.class || type == Double.class || type == Float.class;
  }

  /**
   * {@code current + delta}, in {@code current}'s type, or for {@code null} in {@code type} (an untyped cache:
   * {@code Long}).
   *
   * @throws ClassCastException if {@code current} is not a number
   * @throws ArithmeticException if the sum does not fit the type
   */
  static Object add(Object key, Object current, long delta, Class<?> type) {
    Object base = current == null ? zero(type, false) : current;
    if (base instanceof Long value) {
      return Math.addExact(value, delta);
    } else if (base instanceof Integer value) {
      return Math.toIntExact(Math.addExact(value.longValue(), delta));
    } else if (base instanceof Short value) {
      return (short) fit(key, value + (double) delta, Short.MIN_VALUE, Short.MAX_VALUE, "Short");
    } else if (base instanceof Byte value) {
      return (byte) fit(key, value + (double) delta, Byte.MIN_VALUE, Byte.MAX_VALUE, "Byte");
    } else if (base instanceof Double value) {
      return value + delta;
    } else if (base instanceof Float value) {
      return value + delta;
    }
    throw notNumber(key, base);
  }

  /** {@code current + delta} for a floating-point delta; integers become {@code Double}. */
  static Object add(Object key, Object current, double delta, Class<?> type) {
    Object base = current == null ? zero(type, true) : current;
    if (base instanceof Float value) {
      return (float) (value + delta);
    } else if (base instanceof Double || base instanceof Long || base instanceof Integer || base instanceof Short
        || base instanceof Byte) {
      double sum = ((Number) base).doubleValue() + delta;
      if (!Double.isFinite(sum)) {
        throw new ArithmeticException("adding " + delta + " to key " + key + " gives " + sum);
      }
      return sum;
    }
    throw notNumber(key, base);
  }

  private static long fit(Object key, double sum, long min, long max, String type) {
    if (sum < min || sum > max) {
      throw new ArithmeticException("the value of key " + key + " would leave the range of " + type);
    }
    return (long) sum;
  }

  private static Object zero(Class<?> type, boolean floating) {
    if (type == Integer.class) {
      return 0;
    } else if (type == Short.class) {
      return (short) 0;
    } else if (type == Byte.class) {
      return (byte) 0;
    } else if (type == Double.class) {
      return 0.0d;
    } else if (type == Float.class) {
      return 0.0f;
    }
    return floating ? (Object) 0.0d : (Object) 0L;
  }

  private static ClassCastException notNumber(Object key, Object value) {
    return new ClassCastException("the value of key " + key + " is a " + value.getClass().getName()
        + ", not a number; nothing changed");
  }
}
