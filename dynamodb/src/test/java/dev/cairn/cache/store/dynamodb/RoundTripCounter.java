package dev.cairn.cache.store.dynamodb;

import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * Counts the requests every SDK client of this JVM sends, by operation ({@code GetItem}, {@code UpdateItem}...):
 * each attempt is one round trip. The engine's periodic registry checks are left out. Registered for the tests
 * through the SDK's global interceptor list ({@code software/amazon/awssdk/global/handlers/execution.interceptors}).
 * Thread-safe.
 */
public final class RoundTripCounter implements ExecutionInterceptor {

  private static final Map<String, Integer> SENT = new TreeMap<>();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    if (context.request() instanceof GetItemRequest get && get.key().get(KeySpace.PARTITION).s().endsWith(":%caches")) {
      return; // the engine's check of the registry, about once a second: not part of any call
    }
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    synchronized (SENT) {
      SENT.merge(operation, 1, Integer::sum);
    }
  }

  /** The requests sent since the last call, by operation, and starts counting afresh. */
  static Map<String, Integer> takeCounts() {
    synchronized (SENT) {
      Map<String, Integer> counts = new TreeMap<>(SENT);
      SENT.clear();
      return counts;
    }
  }
}
