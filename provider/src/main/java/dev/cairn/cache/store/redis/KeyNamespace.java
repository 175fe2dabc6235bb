package dev.cairn.cache.store.redis;

import dev.cairn.cache.store.LeaseCapability;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

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
 * <p>A key version other than the default {@code 0} is appended to the cache name segment as {@code %v<version>}
 * ({@code cairn:users%v2:alice}). {@link #leases} are the namespaces {@code prefix:%lease:<segment>:} (computing a
 * value) and {@code prefix:%wlease:<segment>:} (writing through), and {@link #sets()} is the namespace
 * {@code prefix:%set:<segment>:}: since {@code '%'} in a name is always escaped, none of them can collide with any
 * cache's namespace, or with each other.
 *
 * <p>Immutable and thread-safe.
 */
final class KeyNamespace {

  private final byte[] start;

  private final String prefix;
  private final String segment;
  private final String marker;

  KeyNamespace(String prefix, String cacheName) {
    this(prefix, cacheName, 0);
  }

  KeyNamespace(String prefix, String cacheName, long keyVersion) {
    this(prefix, escapeName(cacheName) + (keyVersion == 0 ? "" : "%v" + keyVersion), "");
  }

  private KeyNamespace(String prefix, String segment, String marker) {
    this.prefix = prefix;
    this.segment = segment;
    this.marker = marker;
    this.start = (prefix + ":" + marker + segment + ":").getBytes(StandardCharsets.UTF_8);
  }

  /** Where the advisory leases of {@code purpose} on this namespace's keys live, apart from every cache's entries. */
  KeyNamespace leases(LeaseCapability.Purpose purpose) {
    return new KeyNamespace(prefix, segment, purpose == LeaseCapability.Purpose.COMPUTE ? "%lease:" : "%wlease:");
  }

  /**
   * Where the native Redis sets stored under this namespace's keys live, apart from the entries: so that a cache's
   * {@code GET}, {@code MGET} and {@code SCAN} never meet a set and answer {@code WRONGTYPE}.
   */
  KeyNamespace sets() {
    return new KeyNamespace(prefix, segment, "%set:");
  }

  /** The Redis key of an encoded cache key. */
  byte[] key(byte[] encodedKey) {
    byte[] key = Arrays.copyOf(start, start.length + encodedKey.length);
    System.arraycopy(encodedKey, 0, key, start.length, encodedKey.length);
    return key;
  }

  /** The encoded cache key inside a Redis key of this namespace, or {@code null} if the key is not in it. */
  byte @Nullable [] encodedKey(byte[] redisKey) {
    if (redisKey.length < start.length || !Arrays.equals(redisKey, 0, start.length, start, 0, start.length)) {
      return null;
    }
    return Arrays.copyOfRange(redisKey, start.length, redisKey.length);
  }

  /** A {@code SCAN MATCH} pattern for exactly this namespace: its glob metacharacters escaped, then {@code *}. */
  byte[] pattern() {
    return pattern("*");
  }

  /**
   * A {@code SCAN MATCH} pattern for the keys of this namespace whose encoded key matches {@code glob}: the
   * namespace's own glob metacharacters escaped, then {@code glob} as it is.
   */
  byte[] pattern(String glob) {
    return escapedThen(start, glob);
  }

  /**
   * A {@code SCAN MATCH} pattern for the keys of every key version but the default of this namespace's cache, of
   * the same kind (entries, leases or sets): {@code prefix:segment%v<digits>:*} for entries, which no other cache's
   * namespace can match.
   */
  byte[] otherVersionsPattern() {
    return escapedThen((prefix + ":" + marker + segment).getBytes(StandardCharsets.UTF_8), "%v[0-9]*");
  }

  private static byte[] escapedThen(byte[] literal, String glob) {
    byte[] tail = glob.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream pattern = new ByteArrayOutputStream(literal.length + tail.length + 8);
    for (byte b : literal) {
      if (b == '*' || b == '?' || b == '[' || b == ']' || b == '\\') {
        pattern.write('\\');
      }
      pattern.write(b);
    }
    pattern.write(tail, 0, tail.length);
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
