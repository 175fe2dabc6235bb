package dev.cairn.cache.store.dynamodb;

import dev.cairn.cache.store.StoreException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Checks the table when a manager opens it, and creates it when it is missing and the URI allows
 * ({@code createTable}): partition key {@code p} (string), sort key {@code k} (binary), on-demand billing, and
 * DynamoDB's TTL on the attribute {@code x}. A table with another key schema is refused with a clear message.
 */
final class DynamoTable {

  private static final System.Logger LOG = System.getLogger(DynamoTable.class.getName());
  private static final long ACTIVE_WAIT_MILLIS = 30_000;

  private DynamoTable() {
  }

  /** Makes sure the table exists and is usable (one {@code DescribeTable} when it does). */
  static void ensure(DynamoClient client, boolean create) {
    TableDescription table = describe(client);
    if (table == null) {
      if (!create) {
        throw new StoreException(client.description() + " does not exist: create it with partition key "
            + KeySpace.PARTITION + " (S) and sort key " + KeySpace.SORT + " (B) and TTL on " + EntryFormat.EXPIRES
            + " (see docs/dynamodb.md), or add ?createTable=true to the URI");
      }
      create(client);
      table = describe(client);
    }
    long deadline = System.currentTimeMillis() + ACTIVE_WAIT_MILLIS;
    while (table == null || table.tableStatus() != TableStatus.ACTIVE) {
      if (System.currentTimeMillis() > deadline) {
        throw new StoreException(client.description() + " did not become ACTIVE within " + ACTIVE_WAIT_MILLIS
            + " ms");
      }
      pause();
      table = describe(client);
    }
    boolean layout = table.keySchema().size() == 2
        && table.keySchema().stream().anyMatch(k -> k.keyType() == KeyType.HASH
            && k.attributeName().equals(KeySpace.PARTITION))
        && table.keySchema().stream().anyMatch(k -> k.keyType() == KeyType.RANGE
            && k.attributeName().equals(KeySpace.SORT));
    if (!layout) {
      throw new StoreException(client.description() + " has the key schema " + table.keySchema() + ", not Cairn's "
          + "(partition key " + KeySpace.PARTITION + ", sort key " + KeySpace.SORT + "); name another table");
    }
  }

  /** The table's description; {@code null} when it does not exist. */
  private static @Nullable TableDescription describe(DynamoClient client) {
    try {
      return client.call(() -> client.sdk().describeTable(b -> b.tableName(client.table()))).table();
    } catch (StoreException e) {
      if (e.getCause() instanceof software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException) {
        return null;
      }
      throw e;
    }
  }

  private static void create(DynamoClient client) {
    try {
      client.call(() -> client.sdk().createTable(b -> b.tableName(client.table())
          .attributeDefinitions(
              AttributeDefinition.builder().attributeName(KeySpace.PARTITION)
                  .attributeType(ScalarAttributeType.S).build(),
              AttributeDefinition.builder().attributeName(KeySpace.SORT).attributeType(ScalarAttributeType.B).build())
          .keySchema(KeySchemaElement.builder().attributeName(KeySpace.PARTITION).keyType(KeyType.HASH).build(),
              KeySchemaElement.builder().attributeName(KeySpace.SORT).keyType(KeyType.RANGE).build())
          .billingMode(BillingMode.PAY_PER_REQUEST)));
      LOG.log(System.Logger.Level.DEBUG, "created {0}", client.description());
    } catch (StoreException e) {
      if (!(e.getCause() instanceof ResourceInUseException)) {
        throw e;
      }
      return; // another process created it meanwhile
    }
    enableTtl(client);
  }

  /**
   * Turns on DynamoDB's TTL on {@code x} once the table is active. A server without TTL (dynalite answers
   * {@code UpdateTimeToLive} with an error) only keeps expired items longer: reads filter on the deadline anyway.
   */
  private static void enableTtl(DynamoClient client) {
    long deadline = System.currentTimeMillis() + ACTIVE_WAIT_MILLIS;
    TableDescription table = describe(client);
    while (table != null && table.tableStatus() != TableStatus.ACTIVE && System.currentTimeMillis() < deadline) {
      pause();
      table = describe(client);
    }
    try {
      client.sdk().updateTimeToLive(b -> b.tableName(client.table())
          .timeToLiveSpecification(ttl -> ttl.attributeName(EntryFormat.EXPIRES).enabled(true)));
    } catch (SdkException e) {
      LOG.log(System.Logger.Level.DEBUG, "{0}: TTL not enabled ({1}); expired items stay until removed",
          client.description(), e.getMessage());
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a DynamoDB table", e);
    }
  }
}
