package dev.cairn.benchmarks;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The operations as a plain AWS SDK v2 client would do them, with no cache layer: the ceiling for any cache kept in
 * DynamoDB. The same SDK client as Cairn's store (on the JDK's {@code HttpURLConnection}), a table of its own with a
 * string partition key {@code k} and the value in {@code v} (a string or binary), strongly consistent reads as Cairn's:
 * <ul>
 *   <li>get: {@code GetItem}; put: {@code PutItem}; containsKey: {@code GetItem} of the key only; remove:
 *       {@code DeleteItem} returning the old item;</li>
 *   <li>getAll: {@code BatchGetItem}; putAll: {@code BatchWriteItem}, 25 a call;</li>
 *   <li>increment: {@code GetItem}, compute, {@code PutItem} conditional on the value read, retried on conflict: the
 *       two round trips of a client-side read-modify-write.</li>
 * </ul>
 * Thread-safe: the SDK client is.
 */
final class DynamoOperations implements CacheOperations {

  private static final String TABLE = "raw-bench";

  private final ValueKind kind;
  private final DynamoDbClient client;

  DynamoOperations(String uri, ValueKind kind) {
    this.kind = kind;
    String endpoint = URI.create(uri).getRawQuery().replaceFirst("^endpoint=", "");
    this.client = DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
        .httpClient(UrlConnectionHttpClient.create()).build();
    client.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("k").attributeType(ScalarAttributeType.S)
            .build())
        .keySchema(KeySchemaElement.builder().attributeName("k").keyType(KeyType.HASH).build()));
    client.waiter().waitUntilTableExists(b -> b.tableName(TABLE));
  }

  private static Map<String, AttributeValue> key(String key) {
    return Map.of("k", AttributeValue.fromS(key));
  }

  @Override
  public Object get(String key) {
    return value(client.getItem(b -> b.tableName(TABLE).key(key(key)).consistentRead(true)).item());
  }

  @Override
  public void put(String key, Object value) {
    client.putItem(b -> b.tableName(TABLE).item(item(key, value)));
  }

  @Override
  public boolean containsKey(String key) {
    return client.getItem(b -> b.tableName(TABLE).key(key(key)).consistentRead(true).projectionExpression("k"))
        .hasItem();
  }

  @Override
  public Map<String, Object> getAll(Set<String> keys) {
    List<Map<String, AttributeValue>> wanted = new ArrayList<>();
    keys.forEach(key -> wanted.add(key(key)));
    Map<String, Object> found = new LinkedHashMap<>();
    client.batchGetItem(b -> b.requestItems(
            Map.of(TABLE, KeysAndAttributes.builder().keys(wanted).consistentRead(true).build())))
        .responses().getOrDefault(TABLE, List.of())
        .forEach(item -> found.put(item.get("k").s(), value(item)));
    return found;
  }

  @Override
  public void putAll(Map<String, Object> entries) {
    List<WriteRequest> puts = new ArrayList<>();
    entries.forEach((key, value) -> puts.add(WriteRequest.builder().putRequest(p -> p.item(item(key, value))).build()));
    for (int start = 0; start < puts.size(); start += 25) {
      List<WriteRequest> batch = puts.subList(start, Math.min(puts.size(), start + 25));
      client.batchWriteItem(b -> b.requestItems(Map.of(TABLE, batch)));
    }
  }

  @Override
  public void increment(String key) {
    while (true) {
      Map<String, AttributeValue> current =
          client.getItem(b -> b.tableName(TABLE).key(key(key)).consistentRead(true)).item();
      Object value = value(current);
      Map<String, AttributeValue> next = item(key, kind.increment(value));
      try {
        if (value == null) {
          client.putItem(b -> b.tableName(TABLE).item(next).conditionExpression("attribute_not_exists(k)"));
        } else {
          client.putItem(b -> b.tableName(TABLE).item(next).conditionExpression("v = :seen")
              .expressionAttributeValues(Map.of(":seen", current.get("v"))));
        }
        return;
      } catch (ConditionalCheckFailedException e) {
        // changed meanwhile: read again
      }
    }
  }

  @Override
  public boolean remove(String key) {
    return client.deleteItem(b -> b.tableName(TABLE).key(key(key)).returnValues(ReturnValue.ALL_OLD))
        .hasAttributes();
  }

  @Override
  public void close() {
    client.close();
  }

  private Map<String, AttributeValue> item(String key, Object value) {
    Map<String, AttributeValue> item = new HashMap<>(key(key));
    item.put("v", kind == ValueKind.STRING ? AttributeValue.fromS((String) value)
        : AttributeValue.fromB(SdkBytes.fromByteArray((byte[]) value)));
    return item;
  }

  private Object value(Map<String, AttributeValue> item) {
    if (item == null || item.isEmpty()) {
      return null;
    }
    AttributeValue value = item.get("v");
    return kind == ValueKind.STRING ? value.s() : value.b().asByteArray();
  }
}
