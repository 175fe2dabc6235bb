package dev.cairn.cache.store.memcached;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The memcached keys of one cache and key version, as bytes (sent base64, so any byte may appear):
 * <ul>
 *   <li>entries: {@code <prefix>:<length of name>:<name>:<version>:k<encoded key>};</li>
 *   <li>sets ({@link MemcachedSets}): {@code <prefix>:<length of name>:<name>:<version>:s<encoded key>};</li>
 *   <li>the key indexes of entries and of sets:
 *       {@code <prefix>:%index:<length of name>:<name>:<version>:<bucket>} and {@code ...:%sets:...};</li>
 *   <li>leases ({@link MemcachedCapabilities}):
 *       {@code <prefix>:%lease:<c or w>:<length of name>:<name>:<version>:l<encoded key>};</li>
 *   <li>the cache's key versions: {@code <prefix>:%versions:<length of name>:<name>}.</li>
 * </ul>
 * A key that would pass memcached's 250-character limit is replaced by {@code %h:<its SHA-256>}; the key index keeps
 * the encoded key itself, for iteration. The name's length makes the layout unambiguous whatever the name holds, and {@code %} cannot start a length, so
 * Cairn's own items never collide with entries. Immutable.
 */
final class KeySpace {

  /**
   * The longest key whose base64 form fits memcached's 250 characters (memcached checks the length of the text it
   * was sent, before decoding it): 186 bytes are 248 characters, 187 would be 252.
   */
  static final int MAX_KEY_BYTES = 186;

  private final String prefix;
  private final String cacheName;
  private final long version;
  private final byte[] entryBase;

  KeySpace(String prefix, String cacheName, long version) {
    this.prefix = prefix;
    this.cacheName = cacheName;
    this.version = version;
    this.entryBase = bytes(prefix + ":" + named(cacheName) + ":" + version + ":");
  }

  long version() {
    return version;
  }

  /** The item of the entry with {@code encodedKey}. */
  byte[] entry(byte[] encodedKey) {
    return fit(entryBase, 'k', encodedKey);
  }

  /** The item of the set under {@code encodedKey}. */
  byte[] set(byte[] encodedKey) {
    return fit(entryBase, 's', encodedKey);
  }

  /** The item of one bucket of the entries' key index. */
  byte[] indexBucket(int bucket) {
    return fit(bytes(prefix + ":%index:" + named(cacheName) + ":" + version + ":" + bucket));
  }

  /** The item of one bucket of the sets' key index. */
  byte[] setIndexBucket(int bucket) {
    return fit(bytes(prefix + ":%sets:" + named(cacheName) + ":" + version + ":" + bucket));
  }

  /** The item of the lease of kind {@code kind} ({@code c} compute, {@code w} write) on {@code encodedKey}. */
  byte[] lease(char kind, byte[] encodedKey) {
    return fit(bytes(prefix + ":%lease:" + kind + ":" + named(cacheName) + ":" + version + ":"), 'l', encodedKey);
  }

  private static byte[] fit(byte[] base, char kind, byte[] encodedKey) {
    byte[] key = Arrays.copyOf(base, base.length + 1 + encodedKey.length);
    key[base.length] = (byte) kind;
    System.arraycopy(encodedKey, 0, key, base.length + 1, encodedKey.length);
    return fit(key);
  }

  /** The item listing the key versions of {@code cacheName} ever opened. */
  static byte[] versions(String prefix, String cacheName) {
    return fit(bytes(prefix + ":%versions:" + named(cacheName)));
  }

  /** The registry item holding the descriptor of {@code cacheName}. */
  static byte[] descriptor(String prefix, String cacheName) {
    return fit(bytes(prefix + ":%cache:" + named(cacheName)));
  }

  /** The registry item listing the names of registered caches. */
  static byte[] names(String prefix) {
    return fit(bytes(prefix + ":%names"));
  }

  /**
   * {@code key} itself when it fits memcached's limit, else {@code %h:} and its SHA-256 (where a collision is as
   * unlikely as the hash being broken); {@code %h} cannot begin a prefix, which has no {@code ':'}.
   */
  private static byte[] fit(byte[] key) {
    if (key.length <= MAX_KEY_BYTES) {
      return key;
    }
    ByteArrayOutputStream hashed = new ByteArrayOutputStream(36);
    hashed.writeBytes(bytes("%h:"));
    hashed.writeBytes(sha256(key));
    return hashed.toByteArray();
  }

  private static String named(String cacheName) {
    return bytes(cacheName).length + ":" + cacheName;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
