package dev.cairn.cache.store.memcached;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * The encoded keys of one cache and key version, for iteration and {@code clear}, since memcached has no
 * {@code SCAN}: {@link #BUCKETS} items of {@link AppendedRecords}, a key going to the bucket of its hash. A write
 * that creates an entry appends its key; removals leave it, and readers check which keys are still live. See
 * {@code docs/memcached.md} for the choice and its costs. Entries and sets have an index each
 * ({@link #entries}, {@link #sets}).
 *
 * <p>Thread-safe: every change is one atomic append, or a rewrite or delete guarded by the bucket's CAS.
 */
final class KeyIndex {

  /** Buckets per cache and key version. */
  static final int BUCKETS = 32;

  /** How often a delete of a bucket that changed meanwhile is tried again before {@link #clear} gives up. */
  private static final int CLEAR_ATTEMPTS = 10;

  private final MetaClient client;
  private final IntFunction<byte[]> bucketItem;
  private final UnaryOperator<byte[]> item;

  private KeyIndex(MetaClient client, IntFunction<byte[]> bucketItem, UnaryOperator<byte[]> item) {
    this.client = client;
    this.bucketItem = bucketItem;
    this.item = item;
  }

  /** The index of the entries of {@code space}. */
  static KeyIndex entries(MetaClient client, KeySpace space) {
    return new KeyIndex(client, space::indexBucket, space::entry);
  }

  /** The index of the sets of {@code space}. */
  static KeyIndex sets(MetaClient client, KeySpace space) {
    return new KeyIndex(client, space::setIndexBucket, space::set);
  }

  /** The contents of one bucket: the item's CAS ({@code 0} if missing) and its distinct keys. */
  record Bucket(int number, long cas, List<byte[]> keys) {
  }

  /** Records that an entry with {@code encodedKey} was created: one append. */
  void add(byte[] encodedKey) {
    AppendedRecords.append(client, bucketItem.apply(bucketOf(encodedKey)), encodedKey);
  }

  /**
   * Records that entries with {@code encodedKeys} were created: one append per bucket they fall in, pipelined in one
   * round trip. Buckets not created yet take one more, pipelined too.
   */
  void addAll(List<byte[]> encodedKeys) {
    Map<Integer, ByteArrayOutputStream> records = new TreeMap<>();
    for (byte[] key : encodedKeys) {
      records.computeIfAbsent(bucketOf(key), bucket -> new ByteArrayOutputStream())
          .writeBytes(AppendedRecords.record(key));
    }
    List<MetaClient.Write> appends = new ArrayList<>(records.size());
    records.forEach((bucket, data) ->
        appends.add(new MetaClient.Write(bucketItem.apply(bucket), data.toByteArray(), 0, 0, 'A', 0)));
    List<MetaClient.Write> missing = new ArrayList<>();
    client.writeMany(appends).keySet().forEach(failed -> missing.add(appends.get(failed).withMode('E')));
    client.writeMany(missing).keySet().forEach(failed -> {
      MetaClient.Write append = missing.get(failed);
      AppendedRecords.appendRecords(client, append.key(), Objects.requireNonNull(append.data()));
    });
  }

  /** Reads every bucket, in one pipelined round trip. */
  List<Bucket> buckets() {
    List<byte[]> items = new ArrayList<>(BUCKETS);
    for (int i = 0; i < BUCKETS; i++) {
      items.add(bucketItem.apply(i));
    }
    MetaReply[] found = client.getMany(items);
    List<Bucket> buckets = new ArrayList<>(BUCKETS);
    for (int number = 0; number < BUCKETS; number++) {
      MetaReply reply = found[number];
      if (reply != null) {
        buckets.add(bucket(number, reply));
      }
    }
    return buckets;
  }

  /**
   * Replaces a bucket's contents with {@code live} if nobody appended since it was read; a bucket that changed is
   * left as it is (it still lists every live key, and some dead ones).
   */
  void compact(Bucket bucket, List<byte[]> live) {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    live.forEach(key -> data.writeBytes(AppendedRecords.record(key)));
    client.set(bucketItem.apply(bucket.number()), data.toByteArray(), 0, 0, 'S', bucket.cas());
  }

  /**
   * Deletes the entries every bucket lists, then the bucket itself, as long as nobody appended meanwhile; a bucket
   * that changed is read and cleared again, so that entries created during the clear are either kept with their
   * index or removed with it.
   */
  void clear() {
    for (Bucket bucket : buckets()) {
      for (int attempt = 0; bucket != null; attempt++) {
        List<byte[]> entries = bucket.keys().stream().map(item).toList();
        client.deleteMany(entries);
        if (!client.delete(bucketItem.apply(bucket.number()), bucket.cas()).equals("EX")) {
          break;
        }
        if (attempt == CLEAR_ATTEMPTS) {
          throw new dev.cairn.cache.store.StoreException("memcached at " + client.description()
              + ": clear did not settle while other clients kept creating entries");
        }
        MetaReply reply = client.get(bucketItem.apply(bucket.number()));
        bucket = reply.is("VA") ? bucket(bucket.number(), reply) : null;
      }
    }
  }

  private Bucket bucket(int number, MetaReply reply) {
    Set<ByteBuffer> distinct = new LinkedHashSet<>();
    for (byte[] key : AppendedRecords.records(reply.data())) {
      distinct.add(ByteBuffer.wrap(key));
    }
    return new Bucket(number, reply.cas(), distinct.stream().map(ByteBuffer::array).toList());
  }

  /**
   * The top bits of the key's hash times the golden ratio (Fibonacci hashing). The hash's low bits alone depend on
   * little more than an alternating sum of the bytes, so keys that differ in a counter crowded into a few buckets.
   */
  static int bucketOf(byte[] encodedKey) {
    return (Arrays.hashCode(encodedKey) * 0x9E3779B9) >>> (Integer.SIZE - Integer.numberOfTrailingZeros(BUCKETS));
  }
}
