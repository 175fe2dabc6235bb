package dev.cairn.cache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCachingProvider;
import dev.cairn.cache.config.CairnConfiguration;
import dev.cairn.cache.expiry.Clock;
import dev.cairn.cache.expiry.ManualClock;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.integration.CompletionListenerFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * EXPIRED events on the stores that expire entries themselves (memory, with Caffeine's maintenance on the calling
 * thread as under a manual clock or on its pool as in production, and disk): a call that finds an entry expired
 * publishes it, a synchronous listener has run before that call returns, on the caller's thread, once per entry;
 * and expiries found outside a call are published one at a time, not on a thread each. Time moves by hand.
 */
class ExpiredEventsTest {

  private static final javax.cache.expiry.Duration ONE_MINUTE =
      new javax.cache.expiry.Duration(TimeUnit.MINUTES, 1);

  @TempDir
  Path directory;

  private final ManualClock clock = new ManualClock();
  private final CairnCachingProvider provider = new CairnCachingProvider();

  @AfterEach
  void close() {
    provider.close();
    Recorder.events.clear();
    Recorder.gate = null;
  }

  static Stream<Arguments> storesAndCalls() {
    Map<String, Consumer<Cache<String, String>>> calls = Map.of(
        "get", cache -> assertThat(cache.get("k")).isNull(),
        "containsKey", cache -> assertThat(cache.containsKey("k")).isFalse(),
        "getAll", cache -> assertThat(cache.getAll(Set.of("k"))).isEmpty(),
        "invoke", cache -> assertThat(cache.<Boolean>invoke("k", (entry, args) -> entry.exists()))
            .isEqualTo(Boolean.FALSE),
        "iterator", cache -> cache.iterator().forEachRemaining(entry -> { }));
    List<Arguments> arguments = new ArrayList<>();
    for (String store : List.of("memory", "memory-pool", "disk")) {
      calls.forEach((name, call) -> arguments.add(Arguments.of(store, name, call)));
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("storesAndCalls")
  void aCallThatFindsAnEntryExpiredHasItsSynchronousListenerRunBeforeItReturns(String store, String name,
      Consumer<Cache<String, String>> call) {
    Cache<String, String> cache = cache(store);
    cache.put("k", "v");
    clock.advance(Duration.ofMinutes(1).plusMillis(1));

    call.accept(cache);

    assertThat(Recorder.events).containsExactly("k=v on " + Thread.currentThread().getName());
    assertThat(cache.get("k")).isNull();
    assertThat(Recorder.events).as("once").hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "memory-pool", "disk"})
  void everyExpiredEntryAReadFindsIsPublishedOnce(String store) {
    Cache<String, String> cache = cache(store);
    for (int i = 0; i < 50; i++) {
      cache.put("k" + i, "v" + i);
    }
    clock.advance(Duration.ofMinutes(1).plusMillis(1));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      assertThat(cache.get("k" + i)).isNull();
      expected.add("k" + i + "=v" + i + " on " + Thread.currentThread().getName());
    }
    assertThat(Recorder.events).containsExactlyInAnyOrderElementsOf(expected);
  }

  /**
   * {@code loadAll} checks which keys are present on a background thread, outside any cache call: the expiries it
   * finds go to the cache's one queue (its loader knows none of these keys). Two thousand of them under a listener that blocks once took a thread each.
   */
  @ParameterizedTest
  @ValueSource(strings = {"memory", "disk"})
  void expiriesFoundOutsideACallAreDeliveredOneAtATimeInOrder(String store) throws Exception {
    Cache<String, String> cache = cache(store);
    Set<String> keys = new LinkedHashSet<>();
    for (int i = 0; i < 2_000; i++) {
      keys.add("k" + i);
      cache.put("k" + i, "v");
    }
    clock.advance(Duration.ofHours(1));
    Recorder.gate = new CountDownLatch(1);

    CompletionListenerFuture loaded = new CompletionListenerFuture();
    cache.loadAll(keys, false, loaded);
    loaded.get(30, TimeUnit.SECONDS);
    Thread.sleep(200);
    int concurrentAfterLoad = Recorder.mostAtOnce.get();
    Recorder.gate.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (Recorder.events.size() < 2_000 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }

    assertThat(concurrentAfterLoad).as("listener calls running at once").isEqualTo(1);
    assertThat(Recorder.mostAtOnce.get()).isEqualTo(1);
    List<String> keysSeen = Recorder.events.stream().map(event -> event.substring(0, event.indexOf('='))).toList();
    if (store.equals("disk")) {
      // the disk store reports each expiry as loadAll's presence check meets it, in the order of the keys
      assertThat(keysSeen).containsExactlyElementsOf(keys);
    } else {
      // the memory store's maintenance reports them in its own order
      assertThat(keysSeen).containsExactlyInAnyOrderElementsOf(keys);
    }
  }

  private Cache<String, String> cache(String store) {
    URI uri = store.startsWith("memory") ? URI.create("memory:expired-events-" + UUID.randomUUID())
        : URI.create("disk:" + directory.toUri().getRawPath() + "?sync=none");
    CairnConfiguration<String, String> configuration = new CairnConfiguration<>();
    configuration.setTypes(String.class, String.class);
    configuration.setClock(store.equals("memory-pool") ? new PoolMaintained(clock) : clock);
    configuration.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(ONE_MINUTE));
    configuration.setCacheLoaderFactory(FactoryBuilder.factoryOf(IntegrationRulesTest.DatabaseLoader.class));
    configuration.addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new Recorder()), null, true, true));
    Recorder.mostAtOnce.set(0);
    return provider.getCacheManager(uri, getClass().getClassLoader()).createCache("c", configuration);
  }

  /**
   * The manual clock, claiming to be the system clock: the memory store then leaves Caffeine's maintenance on
   * Caffeine's own pool, as in production, instead of running it on the calling thread.
   */
  private record PoolMaintained(ManualClock manual) implements Clock {
    @Override
    public long millis() {
      return manual.millis();
    }

    @Override
    public boolean isSystem() {
      return true;
    }
  }

  /** Records {@code key=value on thread}; while {@link #gate} is closed, each call waits for it. */
  public static final class Recorder implements CacheEntryExpiredListener<String, String>, Serializable {
    static final List<String> events = new CopyOnWriteArrayList<>();
    static final AtomicInteger atOnce = new AtomicInteger();
    static final AtomicInteger mostAtOnce = new AtomicInteger();
    static volatile CountDownLatch gate;

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> batch) {
      int now = atOnce.incrementAndGet();
      mostAtOnce.accumulateAndGet(now, Math::max);
      try {
        CountDownLatch closed = gate;
        if (closed != null) {
          closed.await(30, TimeUnit.SECONDS);
        }
        batch.forEach(e -> events.add(e.getKey() + "=" + e.getValue() + " on " + Thread.currentThread().getName()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        atOnce.decrementAndGet();
      }
    }
  }
}
