package dev.cairn.cache.spring.boot;

import dev.cairn.cache.resilience.CircuitBreaker;
import dev.cairn.cache.resilience.ResilientBackend;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The circuit breaker of each Cairn cache manager whose store has one (Redis, memcached, DynamoDB), as meters tagged
 * {@code cacheManager} and {@code store}: the gauge {@code cairn.cache.circuit.state} per {@code state}
 * ({@code closed}, {@code open}, {@code half_open}; 1 for the current state, 0 for the others, so that an alert is
 * a plain threshold), and the counters {@code cairn.cache.circuit.openings} and
 * {@code cairn.cache.circuit.calls.not.sent} (calls answered without the server while the circuit was open).
 *
 * <p>The breaker belongs to the manager, not to a cache, so these are bound once per manager here rather than by
 * Boot's per-cache {@code CacheMetricsRegistrar}. Boot binds meter binders once every singleton exists, so every
 * manager bean is found.
 */
final class CairnCircuitMeters implements MeterBinder {

  static final String STATE = "cairn.cache.circuit.state";
  static final String OPENINGS = "cairn.cache.circuit.openings";
  static final String NOT_SENT = "cairn.cache.circuit.calls.not.sent";

  private final ListableBeanFactory beans;

  CairnCircuitMeters(ListableBeanFactory beans) {
    this.beans = beans;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    CairnManagers.of(beans).byName().forEach((name, manager) -> {
      if (!(manager.backend() instanceof ResilientBackend resilient)) {
        return;
      }
      CircuitBreaker breaker = resilient.breaker();
      Tags tags = Tags.of("cacheManager", name, "store", CairnManagers.storeOf(manager));
      for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
        Gauge.builder(STATE, breaker, current -> current.state() == state ? 1 : 0).tags(tags)
            .tag("state", state.name().toLowerCase(Locale.ROOT))
            .description("1 while the store's circuit breaker is in this state, else 0").register(registry);
      }
      FunctionCounter.builder(OPENINGS, breaker, CircuitBreaker::timesOpened).tags(tags)
          .description("How often the store's circuit breaker opened").register(registry);
      FunctionCounter.builder(NOT_SENT, breaker, CircuitBreaker::callsNotSent).tags(tags)
          .description("Calls answered without the store while its circuit breaker was open").register(registry);
    });
  }
}
