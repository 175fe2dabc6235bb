package dev.cairn.cache.store.dynamodb;

import dev.cairn.cache.store.StoreException;
import dev.cairn.cache.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The one {@link DynamoDbClient} of a manager and the table it works on: every call goes through {@link #call},
 * which turns the SDK's failures into the store SPI's. A call that does not complete within the URI's
 * {@code timeout} (the SDK's API call timeout, retries included; at most {@value #MAX_ATTEMPTS} attempts), or
 * cannot reach the endpoint, is a {@link StoreUnavailableException}; an error the service answered with is a
 * {@link StoreException}; a failed {@code ConditionExpression} is passed on for the caller to decide.
 *
 * <p>Credentials: the SDK's default provider chain, except for an endpoint on the loopback interface (dynalite,
 * DynamoDB Local), which checks no signature and is given a fixed dummy key pair, so that no real secret is ever
 * sent to a local stand-in. Nothing here logs a credential. Thread-safe.
 */
final class DynamoClient implements AutoCloseable {

  static final int MAX_ATTEMPTS = 3;
  /** BatchGetItem's limit of keys per call. */
  static final int BATCH_GET = 100;
  /** BatchWriteItem's limit of requests per call. */
  static final int BATCH_WRITE = 25;

  private final DynamoDbClient client;
  private final DynamoLocation location;
  private final String description;

  DynamoClient(DynamoLocation location) {
    this.location = location;
    this.description = "DynamoDB table " + location.table()
        + (location.endpoint() == null ? "" : " at " + location.endpoint());
    DynamoDbClientBuilder builder = DynamoDbClient.builder()
        .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(location.connectTimeout())
            .socketTimeout(location.timeout()).build())
        .overrideConfiguration(configuration -> configuration.apiCallTimeout(location.timeout())
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build()));
    if (location.region() != null) {
      builder.region(Region.of(location.region()));
    }
    if (location.endpoint() != null) {
      builder.endpointOverride(location.endpoint());
    }
    builder.credentialsProvider(location.local()
        ? StaticCredentialsProvider.create(AwsBasicCredentials.create("cairn-local", "cairn-local"))
        : DefaultCredentialsProvider.builder().build());
    try {
      this.client = builder.build();
    } catch (SdkClientException e) {
      throw new StoreException(description + ": cannot configure the AWS SDK client (" + e.getMessage()
          + "); name the region with ?region= or the SDK's settings (aws.region, AWS_REGION)", e);
    }
  }

  DynamoDbClient sdk() {
    return client;
  }

  String table() {
    return location.table();
  }

  String description() {
    return description;
  }

  /**
   * Runs one SDK call, translating its failures; {@link ConditionalCheckFailedException} passes through.
   *
   * @throws StoreUnavailableException if the endpoint cannot be reached or does not answer in time
   * @throws StoreException if the service answered with an error
   */
  <T> T call(Supplier<T> request) {
    try {
      return request.get();
    } catch (ConditionalCheckFailedException e) {
      throw e;
    } catch (ResourceNotFoundException e) {
      throw new StoreException(description + " does not exist: create it (see docs/dynamodb.md) or add "
          + "?createTable=true to the URI", e);
    } catch (AbortedException e) {
      // the caller's thread was interrupted (a timed-out extension call is cancelled so): not a fault of the path to
      // DynamoDB, so not one the circuit breaker counts
      Thread.currentThread().interrupt();
      throw new StoreException(description + ": the call was interrupted", e);
    } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
      throw new StoreUnavailableException(description + " did not answer within "
          + location.timeout().toMillis() + " ms", e);
    } catch (AwsServiceException e) {
      if (e.statusCode() >= 500 || e.isThrottlingException()) {
        throw new StoreUnavailableException(description + " failed: " + e.getMessage(), e);
      }
      throw new StoreException(description + " refused the request: " + e.getMessage(), e);
    } catch (SdkClientException e) {
      throw new StoreUnavailableException(description + " cannot be reached: " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new StoreException(description + ": " + e.getMessage(), e);
    }
  }

  /**
   * A {@code GetItem} of a key no item has in {@code partition}, which needs the table and reads nothing.
   *
   * @return the round-trip time in nanoseconds
   */
  long ping(String partition) {
    long start = System.nanoTime();
    Map<String, AttributeValue> key = KeySpace.key(partition, new byte[] {'%'});
    call(() -> client.getItem(b -> b.tableName(location.table()).key(key)));
    return System.nanoTime() - start;
  }

  /**
   * Reads many items, {@value #BATCH_GET} keys per call, unprocessed keys retried; strongly consistent.
   *
   * @param projection the attributes to bring, comma-separated, or {@code null} for all
   */
  List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys, @Nullable String projection) {
    List<Map<String, AttributeValue>> found = new ArrayList<>(keys.size());
    for (int start = 0; start < keys.size(); start += BATCH_GET) {
      KeysAndAttributes.Builder wanted = KeysAndAttributes.builder().consistentRead(true)
          .keys(keys.subList(start, Math.min(keys.size(), start + BATCH_GET)));
      if (projection != null) {
        wanted.projectionExpression(projection);
      }
      Map<String, KeysAndAttributes> pending = Map.of(location.table(), wanted.build());
      Backoff backoff = new Backoff();
      while (!pending.isEmpty()) {
        Map<String, KeysAndAttributes> request = pending;
        BatchGetItemResponse response = call(() -> client.batchGetItem(b -> b.requestItems(request)));
        found.addAll(response.responses().getOrDefault(location.table(), List.of()));
        pending = response.unprocessedKeys();
        if (!pending.isEmpty()) {
          backoff.pause(pending.values().stream().mapToInt(table -> table.keys().size()).sum());
        }
      }
    }
    return found;
  }

  /** Writes many requests, {@value #BATCH_WRITE} per call, unprocessed items retried. */
  void batchWrite(List<WriteRequest> requests) {
    for (int start = 0; start < requests.size(); start += BATCH_WRITE) {
      Map<String, List<WriteRequest>> pending =
          Map.of(location.table(), requests.subList(start, Math.min(requests.size(), start + BATCH_WRITE)));
      Backoff backoff = new Backoff();
      while (!pending.isEmpty()) {
        Map<String, List<WriteRequest>> request = pending;
        BatchWriteItemResponse response = call(() -> client.batchWriteItem(b -> b.requestItems(request)));
        pending = response.unprocessedItems();
        if (!pending.isEmpty()) {
          backoff.pause(pending.values().stream().mapToInt(List::size).sum());
        }
      }
    }
  }

  /**
   * The items of one partition, page by page as the iterator advances (each page one {@code Query}, strongly
   * consistent).
   *
   * @param projection the attributes to bring, comma-separated
   * @param filter a filter expression, or {@code null}
   * @param values the filter's values, or an empty map
   */
  Iterator<Map<String, AttributeValue>> query(String partition, String projection, @Nullable String filter,
      Map<String, AttributeValue> values) {
    Map<String, AttributeValue> bound = new HashMap<>(values);
    bound.put(":partition", AttributeValue.fromS(partition));
    return new Iterator<>() {
      private Iterator<Map<String, AttributeValue>> page = Collections.emptyIterator();
      private @Nullable Map<String, AttributeValue> next;
      private boolean last;

      @Override
      public boolean hasNext() {
        while (!page.hasNext() && !last) {
          QueryRequest.Builder request = QueryRequest.builder().tableName(location.table()).consistentRead(true)
              .keyConditionExpression(KeySpace.PARTITION + " = :partition").projectionExpression(projection)
              .expressionAttributeValues(bound).exclusiveStartKey(next);
          if (filter != null) {
            request.filterExpression(filter);
          }
          QueryResponse response = call(() -> client.query(request.build()));
          page = response.items().iterator();
          next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
              ? response.lastEvaluatedKey() : null;
          last = next == null;
        }
        return page.hasNext();
      }

      @Override
      public Map<String, AttributeValue> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.next();
      }
    };
  }

  /** Deletes every item of one partition, a batch at a time. */
  void deletePartition(String partition) {
    List<WriteRequest> deletes = new ArrayList<>();
    for (Iterator<Map<String, AttributeValue>> items =
        query(partition, KeySpace.PARTITION + ", " + KeySpace.SORT, null, Map.of()); items.hasNext(); ) {
      Map<String, AttributeValue> item = items.next();
      deletes.add(WriteRequest.builder().deleteRequest(delete -> delete.key(item)).build());
      if (deletes.size() == BATCH_WRITE * 4) {
        batchWrite(deletes);
        deletes.clear();
      }
    }
    batchWrite(deletes);
  }

  /**
   * Exponential pauses between retries of what a batch call left unprocessed (DynamoDB's advice when a partition
   * is throttled), bounded by the URI's {@code timeout}.
   */
  private final class Backoff {
    private final long deadline = System.nanoTime() + location.timeout().toNanos();
    private long pauseMillis = 10;

    void pause(int unprocessed) {
      if (System.nanoTime() + pauseMillis * 1_000_000 > deadline) {
        throw new StoreUnavailableException(description + " left " + unprocessed + " items of a batch unprocessed "
            + "for " + location.timeout().toMillis() + " ms (throttled)");
      }
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException(description + ": interrupted while retrying a batch", e);
      }
      pauseMillis = Math.min(pauseMillis * 2, 500);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
