package dev.cairn.cache.store.dynamodb;

import static dev.cairn.cache.store.dynamodb.EntryFormat.DEADLINE;
import static dev.cairn.cache.store.dynamodb.EntryFormat.EXPIRES;
import static dev.cairn.cache.store.dynamodb.EntryFormat.REVISION;

import dev.cairn.cache.store.Ttl;
import dev.cairn.cache.store.dynamodb.EntryFormat.Stored;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The writes of {@link DynamoStore}, each one request with a {@code ConditionExpression}: what the store decided,
 * sent so that it happens only if the item is still as the store assumed. Every method answers whether the condition
 * held (or the old item, which then exists), and never retries: the store reads and decides again. Thread-safe.
 */
final class ConditionalWrites {

  private static final String LIVE_OR_ABSENT = "attribute_not_exists(" + KeySpace.PARTITION + ") OR "
      + DEADLINE + " > :now";

  private final DynamoClient client;

  ConditionalWrites(DynamoClient client) {
    this.client = client;
  }

  /**
   * One {@code UpdateItem} of the value, guarded by "absent or live", returning the old item (empty if there was
   * none); {@code null} when a dead item is in the way.
   *
   * @param keepDeadline whether a live entry keeps its deadline (a new one gets {@code ttl}'s)
   */
  @Nullable Map<String, AttributeValue> overwrite(Map<String, AttributeValue> item, byte[] payload, long ttl,
      boolean keepDeadline, long now) {
    long deadline = Ttl.deadline(now, ttl, Long.MAX_VALUE);
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":now", EntryFormat.number(now));
    values.put(":d", EntryFormat.number(deadline));
    StringBuilder update = setValue(payload, values)
        .append(", ").append(DEADLINE).append(keepDeadline ? " = if_not_exists(" + DEADLINE + ", :d)" : " = :d");
    StringBuilder remove = new StringBuilder(" REMOVE ").append(EntryFormat.otherPayloadAttribute(payload));
    if (deadline != Long.MAX_VALUE) {
      values.put(":x", EntryFormat.number(EntryFormat.expiresSeconds(deadline, now)));
      update.append(", ").append(EXPIRES).append(" = :x");
    } else if (!keepDeadline) {
      remove.append(", ").append(EXPIRES);
    }
    return update(item, update.append(remove).toString(), LIVE_OR_ABSENT, values);
  }

  /**
   * The compare-and-set on a revision read from a live entry: one {@code UpdateItem} of the value (or a
   * {@code DeleteItem} for a time to live of {@code 0}) guarded by "same revision and still live", returning the old
   * item; {@code null} when the guard fails.
   *
   * @param ttl the entry's new time to live, or {@link Ttl#UNCHANGED}
   */
  @Nullable Map<String, AttributeValue> writeIfRevision(Map<String, AttributeValue> item, byte[] payload, String revision,
      long ttl, long now) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":now", EntryFormat.number(now));
    values.put(":seen", AttributeValue.fromN(revision));
    String guard = REVISION + " = :seen AND " + DEADLINE + " > :now";
    if (ttl == 0) {
      try {
        return client.call(() -> client.sdk().deleteItem(b -> b.tableName(client.table()).key(item)
            .conditionExpression(guard).expressionAttributeValues(values).returnValues(ReturnValue.ALL_OLD)))
            .attributes();
      } catch (ConditionalCheckFailedException e) {
        return null;
      }
    }
    StringBuilder update = setValue(payload, values);
    StringBuilder remove = new StringBuilder(" REMOVE ").append(EntryFormat.otherPayloadAttribute(payload));
    if (ttl != Ttl.UNCHANGED) {
      long deadline = Ttl.deadline(now, ttl, Long.MAX_VALUE);
      values.put(":d", EntryFormat.number(deadline));
      update.append(", ").append(DEADLINE).append(" = :d");
      if (deadline == Long.MAX_VALUE) {
        remove.append(", ").append(EXPIRES);
      } else {
        values.put(":x", EntryFormat.number(EntryFormat.expiresSeconds(deadline, now)));
        update.append(", ").append(EXPIRES).append(" = :x");
      }
    }
    return update(item, update.append(remove).toString(), guard, values);
  }

  /** A {@code PutItem} of {@code stored} if the item is still as {@code seen} found it. */
  boolean putIfUnchanged(Map<String, AttributeValue> stored, Stored seen) {
    return ifUnchanged(seen, new HashMap<>(), (guard, values) -> client.sdk().putItem(b -> b
        .tableName(client.table()).item(stored).conditionExpression(guard).expressionAttributeValues(values)));
  }

  /** A {@code DeleteItem} if the item is still as {@code seen} found it. */
  boolean deleteIfUnchanged(Map<String, AttributeValue> item, Stored seen) {
    return ifUnchanged(seen, new HashMap<>(), (guard, values) -> client.sdk().deleteItem(b -> b
        .tableName(client.table()).key(item).conditionExpression(guard).expressionAttributeValues(values)));
  }

  /** Sets the deadline of an entry if it is still as {@code seen} found it; the revision stays. */
  boolean setDeadline(Map<String, AttributeValue> item, Stored seen, long deadline, long now) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":d", EntryFormat.number(deadline));
    String update = "SET " + DEADLINE + " = :d";
    if (deadline == Long.MAX_VALUE) {
      update += " REMOVE " + EXPIRES;
    } else {
      values.put(":x", EntryFormat.number(EntryFormat.expiresSeconds(deadline, now)));
      update += ", " + EXPIRES + " = :x";
    }
    String expression = update;
    return ifUnchanged(seen, values, (guard, bound) -> client.sdk().updateItem(b -> b
        .tableName(client.table()).key(item).updateExpression(expression).conditionExpression(guard)
        .expressionAttributeValues(bound)));
  }

  /** {@code SET <v or n> = :v, r = :r}, binding both. */
  private static StringBuilder setValue(byte[] payload, Map<String, AttributeValue> values) {
    values.put(":v", EntryFormat.payloadValue(payload));
    values.put(":r", EntryFormat.newRevision());
    return new StringBuilder("SET ").append(EntryFormat.payloadAttribute(payload)).append(" = :v, ")
        .append(REVISION).append(" = :r");
  }

  /** An {@code UpdateItem} returning the old item; {@code null} if {@code condition} failed. */
  private @Nullable Map<String, AttributeValue> update(Map<String, AttributeValue> item, String expression, String condition,
      Map<String, AttributeValue> values) {
    try {
      return client.call(() -> client.sdk().updateItem(b -> b.tableName(client.table()).key(item)
          .updateExpression(expression).conditionExpression(condition).expressionAttributeValues(values)
          .returnValues(ReturnValue.ALL_OLD))).attributes();
    } catch (ConditionalCheckFailedException e) {
      return null;
    }
  }

  /** A write sent with a condition expression and its values ({@code null} when there are none). */
  private interface GuardedWrite {
    Object send(String condition, @Nullable Map<String, AttributeValue> values);
  }

  /** Sends {@code write} guarded by "the item is still as {@code seen} found it"; whether the guard held. */
  private boolean ifUnchanged(Stored seen, Map<String, AttributeValue> values, GuardedWrite write) {
    String guard = guard(seen, values);
    Map<String, AttributeValue> bound = values.isEmpty() ? null : values;
    try {
      client.call(() -> write.send(guard, bound));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  /** The condition that the item is as {@code seen}: absent, or of the same revision. */
  private static String guard(Stored seen, Map<String, AttributeValue> values) {
    if (!seen.exists()) {
      return "attribute_not_exists(" + KeySpace.PARTITION + ")";
    }
    if (seen.revision() == null) {
      return "attribute_not_exists(" + REVISION + ")";
    }
    values.put(":seen", AttributeValue.fromN(seen.revision()));
    return REVISION + " = :seen";
  }
}
