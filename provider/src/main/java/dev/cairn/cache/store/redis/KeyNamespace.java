package dev.cairn.cache.store.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Redis keys of one cache: {@code prefix:cacheName:} followed by the encoded key, so that a String-keyed cache
 * named {@code users} keeps {@code alice} under {@code cairn:users:alice}.
 *
 * <p>No cache sees another's keys, whatever the names: the prefix may not contain {@code ':'} (checked by
 * {@link RedisLocation}), and in the cache name {@code '%'} and {@code ':'} are written {@code %25} and {@code %3A}.
 * So the first two {@code ':'} of a key always end the prefix and the cache name, and the namespace of one cache is
 * never the start of another's. There is deliberately no hash tag: a cluster spreads a cache's entries over all
 * slots.
 *
 * <p>Immutable and thread-safe.
 */
final class KeyNamespace {

  private final byte[] start;

  KeyNamespace(String prefix, String cacheName) {
    this.start = (prefix + ":" + escapeName(cacheName) + ":").getBytes(StandardCharsets.UTF_8);
  }

  /** The Redis key of an encoded cache key. */
  byte[] key(byte[] encodedKey) {
    byte[] key = Arrays.copyOf(start, start.length + encodedKey.length);
    System.arraycopy(encodedKey, 0, key, start.length, encodedKey.length);
    return key;
  }

  /** The encoded cache key inside a Redis key of this namespace, or {@code null} if the key is not in it. */
  byte[] encodedKey(byte[] redisKey) {
    if (redisKey.length < start.length || !Arrays.equals(redisKey, 0, start.length, start, 0, start.length)) {
      return null;
    }
    return Arrays.copyOfRange(redisKey, start.length, redisKey.length);
  }

  /** A {@code SCAN MATCH} pattern for exactly this namespace: its glob metacharacters escaped, then {@code *}. */
  byte[] pattern() {
    ByteArrayOutputStream pattern = new ByteArrayOutputStream(start.length + 8);
    for (byte b : start) {
      if (b == '*' || b == '?' || b == '[' || b == ']' || b == '\\') {
        pattern.write('\\');
      }
      pattern.write(b);
    }
    pattern.write('*');
    return pattern.toByteArray();
  }

  @Override
  public String toString() {
    return new String(start, StandardCharsets.UTF_8);
  }

  private static String escapeName(String name) {
    return name.replace("%", "%25").replace(":", "%3A");
  }
}
