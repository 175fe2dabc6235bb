package dev.cairn.cache.spring.boot;

import dev.cairn.cache.instrument.StoreCallListener;
import dev.cairn.cache.instrument.StoreOperation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One cache's store calls as Micrometer meters: the timer {@code cairn.cache.store.latency} per {@code operation}
 * (the {@code Store} method: {@code get}, {@code write}, {@code remove}, {@code getAll}...), failed calls included,
 * and the counter {@code cairn.cache.store.errors} per {@code operation} and {@code exception} (the simple class
 * name, such as {@code StoreUnavailableException}). Each meter is registered on its first call, so an operation
 * the application never uses shows no meter. Thread-safe; a call costs one array read and the timer's own work.
 */
final class StoreCallMeters implements StoreCallListener {

  static final String LATENCY = "cairn.cache.store.latency";
  static final String ERRORS = "cairn.cache.store.errors";

  private final MeterRegistry registry;
  private final Tags tags;
  private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(StoreOperation.values().length);

  /** @param tags the cache's tags: {@code cache}, {@code cacheManager}, {@code store} */
  StoreCallMeters(MeterRegistry registry, Iterable<Tag> tags) {
    this.registry = registry;
    this.tags = Tags.of(tags);
  }

  @Override
  public void onCall(StoreOperation operation, long nanos, RuntimeException failure) {
    timer(operation).record(nanos, TimeUnit.NANOSECONDS);
    if (failure != null) {
      // failures are rare: the registry's own lookup is cheap enough here
      Counter.builder(ERRORS).tags(tags).tag("operation", operation.tagValue())
          .tag("exception", failure.getClass().getSimpleName())
          .description("Calls to the cache's store that failed").register(registry).increment();
    }
  }

  private Timer timer(StoreOperation operation) {
    Timer timer = timers.get(operation.ordinal());
    if (timer == null) {
      // registering twice returns the same timer, so a race here is harmless
      timer = Timer.builder(LATENCY).tags(tags).tag("operation", operation.tagValue())
          .description("How long the cache's calls to its store took, failed ones included").register(registry);
      timers.set(operation.ordinal(), timer);
    }
    return timer;
  }
}
