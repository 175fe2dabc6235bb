package dev.cairn.cache.store.dynamodb;

import static dev.cairn.cache.store.dynamodb.EntryFormat.DEADLINE;
import static dev.cairn.cache.store.dynamodb.EntryFormat.EXPIRES;
import static dev.cairn.cache.store.dynamodb.EntryFormat.NUMBER;
import static dev.cairn.cache.store.dynamodb.EntryFormat.REVISION;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.codec.NumberCodec;
import dev.cairn.cache.codec.StringCodec;
import dev.cairn.cache.expiry.Clock;
import dev.cairn.cache.store.CompareAndSetCounters;
import dev.cairn.cache.store.CounterCapability;
import dev.cairn.cache.store.Globs;
import dev.cairn.cache.store.LeaseCapability;
import dev.cairn.cache.store.PatternCapability;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.Ttl;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The fast paths of one {@link DynamoStore} that DynamoDB's expressions allow:
 * <ul>
 *   <li><b>counters</b>: one {@code UpdateItem ADD n :delta} on a live entry kept as a number (see
 *       {@link EntryFormat}), guarded so that the sum stays within a {@code long}; a missing, expired or
 *       non-numeric entry, a sum that would overflow, and {@code double} sums take a compare-and-set through the
 *       store instead (read, add here, write on the revision read);</li>
 *   <li><b>leases</b>: one {@code PutItem} of an item outside the entries ({@link KeySpace#lease}) holding the
 *       lease's deadline and owner, guarded by {@code attribute_not_exists(p) OR d <= :now}, so one holder wins and
 *       an ended lease is taken over; released by a {@code DeleteItem} guarded by the owner;</li>
 *   <li><b>pattern removal</b>: the cache's live keys, matched here, removed a {@code BatchWriteItem} per 25.</li>
 * </ul>
 * Counters are offered only when the value codec is a {@link NumberCodec}, pattern removal only for String keys.
 * Thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class DynamoCapabilities<K, V> implements CounterCapability<K>, LeaseCapability<K>, PatternCapability<K> {

  private static final String OWNER = "o";

  private final DynamoClient client;
  private final KeySpace space;
  private final Store<K, V> store;
  private final Codec<K> keyCodec;
  private final Clock clock;
  private final boolean numericValues;
  private final boolean textKeys;

  DynamoCapabilities(DynamoClient client, KeySpace space, Store<K, V> store, Codec<K> keyCodec, Codec<V> valueCodec,
      Clock clock) {
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

  /** {@code ADD} on a live numeric entry whose sum stays a {@code long}; otherwise a compare-and-set. */
  @Override
  public long add(K key, long delta, long ttlIfAbsent) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":delta", EntryFormat.number(delta));
    values.put(":now", EntryFormat.number(clock.millis()));
    values.put(":limit", EntryFormat.number(delta >= 0 ? Long.MAX_VALUE - delta : Long.MIN_VALUE - delta));
    values.put(":r", EntryFormat.newRevision());
    String bound = delta >= 0 ? NUMBER + " <= :limit" : NUMBER + " >= :limit";
    Map<String, AttributeValue> item = space.entry(keyCodec.encode(key));
    try {
      Map<String, AttributeValue> updated = client.call(() -> client.sdk().updateItem(b -> b.tableName(client.table())
          .key(item).updateExpression("SET " + REVISION + " = :r ADD " + NUMBER + " :delta")
          .conditionExpression("attribute_exists(" + NUMBER + ") AND " + DEADLINE + " > :now AND " + bound)
          .expressionAttributeValues(values).returnValues(ReturnValue.UPDATED_NEW))).attributes();
      // the condition required the attribute and ADD kept it, so UPDATED_NEW always brings it
      AttributeValue sum = Objects.requireNonNull(updated.get(NUMBER), "UpdateItem ADD returned no " + NUMBER);
      return Long.parseLong(sum.n());
    } catch (ConditionalCheckFailedException e) {
      // absent, expired, not a number, or an overflow: decided below
    }
    return CompareAndSetCounters.add(store, key, delta, ttlIfAbsent, client.description());
  }

  /** A compare-and-set: a {@code double} is kept as the codec's text, which {@code ADD} cannot count on. */
  @Override
  public double add(K key, double delta, long ttlIfAbsent) {
    return CompareAndSetCounters.add(store, key, delta, ttlIfAbsent, client.description());
  }

  /** One {@code PutItem} unless a lease that has not ended is there. */
  @Override
  public boolean tryLease(Purpose purpose, K key, String owner, long millis) {
    long now = clock.millis();
    long deadline = Ttl.deadline(now, millis, Long.MAX_VALUE);
    Map<String, AttributeValue> lease = new HashMap<>(leaseItem(purpose, key));
    lease.put(DEADLINE, EntryFormat.number(deadline));
    lease.put(EXPIRES, EntryFormat.number(EntryFormat.expiresSeconds(deadline, now)));
    lease.put(OWNER, AttributeValue.fromS(owner));
    try {
      client.call(() -> client.sdk().putItem(b -> b.tableName(client.table()).item(lease)
          .conditionExpression("attribute_not_exists(" + KeySpace.PARTITION + ") OR " + DEADLINE + " <= :now")
          .expressionAttributeValues(Map.of(":now", EntryFormat.number(now)))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  /** One {@code DeleteItem} guarded by the owner. */
  @Override
  public void releaseLease(Purpose purpose, K key, String owner) {
    try {
      client.call(() -> client.sdk().deleteItem(b -> b.tableName(client.table()).key(leaseItem(purpose, key))
          .conditionExpression(OWNER + " = :owner")
          .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner)))));
    } catch (ConditionalCheckFailedException e) {
      // another owner took the lease after ours ended: theirs stays
    }
  }

  @Override
  public @Nullable String leaseHolder(Purpose purpose, K key) {
    Map<String, AttributeValue> held = client.call(() -> client.sdk().getItem(b -> b.tableName(client.table())
        .key(leaseItem(purpose, key)).consistentRead(true))).item();
    if (EntryFormat.deadline(held) <= clock.millis()) {
      return null;
    }
    // a live item without an owner was not written by Cairn: the store cannot tell, which the SPI answers with null
    AttributeValue holder = held.get(OWNER);
    return holder == null ? null : holder.s();
  }

  private Map<String, AttributeValue> leaseItem(Purpose purpose, K key) {
    return space.lease(purpose == Purpose.COMPUTE ? 'c' : 'w', keyCodec.encode(key));
  }

  @Override
  public long removeMatching(String glob) {
    return removeMatching(glob, key -> true);
  }

  /** The live keys of the cache, matched here, removed a {@code BatchWriteItem} per 25; counts those removed. */
  @Override
  public long removeMatching(String serverGlob, Predicate<? super K> exact) {
    return Globs.removeMatching(store, serverGlob, exact);
  }
}
