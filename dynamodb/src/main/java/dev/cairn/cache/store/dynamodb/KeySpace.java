package dev.cairn.cache.store.dynamodb;

import dev.cairn.cache.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where the items of one cache and key version live in the table. The table's key is a partition key {@code p}
 * (string) and a sort key {@code k} (binary):
 * <ul>
 *   <li>entries: {@code p = <prefix>:<length of name>:<name>:<version>:<bucket>}, {@code k = } the encoded key, where
 *       the bucket is the CRC-32 of the encoded key modulo {@value #BUCKETS}: a cache's entries spread over that many
 *       partition key values (so a big cache is not one hot partition), and iterating or clearing it is one
 *       {@code Query} per bucket;</li>
 *   <li>leases: {@code p = <prefix>:%lease:<length of name>:<name>:<version>}, {@code k = } {@code c} or {@code w}
 *       and the encoded key;</li>
 *   <li>sets ({@link DynamoSets}): {@code p = <prefix>:%sets:<length of name>:<name>:<version>}, {@code k = } the
 *       encoded key;</li>
 *   <li>the registry ({@link DynamoCacheRegistry}): {@code p = <prefix>:%caches}, {@code k = } the cache's name;
 *       and the key versions ever opened: {@code p = <prefix>:%versions}, {@code k = } the cache's name.</li>
 * </ul>
 * The name's length makes the layout unambiguous whatever the name holds, and {@code %} cannot start a length, so
 * Cairn's own items never collide with entries. The number of buckets is part of the layout: every client of a
 * table must use the same. Immutable.
 */
final class KeySpace {

  /** How many partition key values the entries of one cache are spread over. */
  static final int BUCKETS = 8;
  /** DynamoDB's limit for a binary sort key. */
  static final int MAX_SORT_KEY_BYTES = 1024;

  static final String PARTITION = "p";
  static final String SORT = "k";

  private final String cacheName;
  private final String entryBase;
  private final String leases;
  private final String sets;

  KeySpace(String prefix, String cacheName, long version) {
    this.cacheName = cacheName;
    this.entryBase = prefix + ":" + named(cacheName) + ":" + version + ":";
    this.leases = prefix + ":%lease:" + named(cacheName) + ":" + version;
    this.sets = prefix + ":%sets:" + named(cacheName) + ":" + version;
  }

  /** The table key of the entry with {@code encodedKey}. */
  Map<String, AttributeValue> entry(byte[] encodedKey) {
    if (encodedKey.length > MAX_SORT_KEY_BYTES) {
      throw new StoreException("cache " + cacheName + ": a key of " + encodedKey.length + " bytes (encoded) is over "
          + "DynamoDB's sort key limit of " + MAX_SORT_KEY_BYTES + " bytes; use smaller keys");
    }
    return key(entryBase + bucket(encodedKey), encodedKey);
  }

  /** The partition key values of this cache's entries, one per bucket. */
  List<String> buckets() {
    List<String> buckets = new ArrayList<>(BUCKETS);
    for (int bucket = 0; bucket < BUCKETS; bucket++) {
      buckets.add(entryBase + bucket);
    }
    return buckets;
  }

  /** The table key of the lease of kind {@code kind} ({@code c} compute, {@code w} write) on {@code encodedKey}. */
  Map<String, AttributeValue> lease(char kind, byte[] encodedKey) {
    byte[] sort = new byte[encodedKey.length + 1];
    sort[0] = (byte) kind;
    System.arraycopy(encodedKey, 0, sort, 1, encodedKey.length);
    return key(leases, sort);
  }

  /** The table key of the set under {@code encodedKey}. */
  Map<String, AttributeValue> set(byte[] encodedKey) {
    return key(sets, encodedKey);
  }

  /** The partition of this cache's sets. */
  String sets() {
    return sets;
  }

  /** The partition of this cache's leases. */
  String leases() {
    return leases;
  }

  /** The registry item of {@code cacheName}. */
  static Map<String, AttributeValue> descriptor(String prefix, String cacheName) {
    return key(caches(prefix), cacheName.getBytes(StandardCharsets.UTF_8));
  }

  /** The partition of the registry. */
  static String caches(String prefix) {
    return prefix + ":%caches";
  }

  /** The item listing the key versions of {@code cacheName} ever opened. */
  static Map<String, AttributeValue> versions(String prefix, String cacheName) {
    return key(prefix + ":%versions", cacheName.getBytes(StandardCharsets.UTF_8));
  }

  /** The sort key of an item the table returned: the key schema gives every item one, a binary. */
  static byte[] sortKey(Map<String, AttributeValue> item) {
    return Objects.requireNonNull(item.get(SORT), "an item without the sort key " + SORT).b().asByteArray();
  }

  static Map<String, AttributeValue> key(String partition, byte[] sort) {
    return Map.of(PARTITION, AttributeValue.fromS(partition), SORT, AttributeValue.fromB(SdkBytes.fromByteArray(sort)));
  }

  private static int bucket(byte[] encodedKey) {
    CRC32 crc = new CRC32();
    crc.update(encodedKey);
    return (int) (crc.getValue() % BUCKETS);
  }

  private static String named(String cacheName) {
    return cacheName.getBytes(StandardCharsets.UTF_8).length + ":" + cacheName;
  }
}
