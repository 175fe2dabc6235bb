package dev.cairn.cache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import org.junit.jupiter.api.Test;

/** Which events listeners get, with which values, on which thread and in which order. */
class ListenerRulesTest extends EngineTestSupport {

  @Test
  void synchronousListenerSeesEveryChangeBeforeTheCallReturns() {
    Cache<String, String> cache = create(configuration(String.class, String.class));
    Recorder recorder = new Recorder(null);
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(recorder), null, true, true));
    cache.put("k", "v1");
    cache.put("k", "v2");
    cache.remove("k");
    cache.putIfAbsent("k", "v3");
    cache.replace("k", "v3", "v4");
    cache.getAndRemove("k");
    assertThat(Recorder.events).containsExactly("CREATED k=v1", "UPDATED k=v2 (was v1)", "REMOVED k=v2->v2",
        "CREATED k=v3", "UPDATED k=v4 (was v3)", "REMOVED k=v4->v4");
  }

  @Test
  void oldValuesAreHiddenUnlessRequested() {
    Cache<String, String> cache = create(configuration(String.class, String.class));
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new Recorder(null)), null, false, true));
    cache.put("k", "v1");
    cache.put("k", "v2");
    assertThat(Recorder.events).containsExactly("CREATED k=v1", "UPDATED k=v2");
  }

  @Test
  void filtersDecideWhatIsDelivered() {
    Cache<String, String> cache = create(configuration(String.class, String.class));
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new Recorder(null)), FactoryBuilder.factoryOf(new OnlyKeysStartingWithA()),
        false, true));
    cache.put("apple", "1");
    cache.put("banana", "2");
    assertThat(Recorder.events).containsExactly("CREATED apple=1");
  }

  @Test
  void aFailingSynchronousListenerFailsTheCallButTheChangeStays() {
    Cache<String, String> cache = create(configuration(String.class, String.class));
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new Recorder("boom")), null, false, true));
    assertThatThrownBy(() -> cache.put("k", "v")).isInstanceOf(CacheEntryListenerException.class);
    assertThat(cache.get("k")).isEqualTo("v");
  }

  @Test
  void asynchronousListenerGetsOneKeysEventsInOrder() throws Exception {
    Cache<String, Integer> cache = create(configuration(String.class, Integer.class));
    OrderRecorder.seen.clear();
    OrderRecorder.done = new CountDownLatch(1000);
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new OrderRecorder()), null, false, false));
    for (int i = 0; i < 1000; i++) {
      cache.put("k", i);
    }
    assertThat(OrderRecorder.done.await(30, TimeUnit.SECONDS)).isTrue();
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      expected.add(i);
    }
    assertThat(OrderRecorder.seen).containsExactlyElementsOf(expected);
  }

  @Test
  void registeringTheSameConfigurationTwiceIsRejected() {
    Cache<String, String> cache = create(configuration(String.class, String.class));
    MutableCacheEntryListenerConfiguration<String, String> listener = new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new Recorder(null)), null, false, true);
    cache.registerCacheEntryListener(listener);
    assertThatThrownBy(() -> cache.registerCacheEntryListener(listener))
        .isInstanceOf(IllegalArgumentException.class);
    cache.deregisterCacheEntryListener(listener);
    cache.put("k", "v");
    assertThat(Recorder.events).isEmpty();
  }

  /** Records events as text; throws on every event if given a message. */
  public static final class Recorder implements CacheEntryCreatedListener<String, String>,
      CacheEntryUpdatedListener<String, String>, CacheEntryRemovedListener<String, String>, Serializable {
    static final List<String> events = new CopyOnWriteArrayList<>();
    private final String failure;

    Recorder(String failure) {
      this.failure = failure;
      events.clear();
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> batch) {
      batch.forEach(e -> record("CREATED " + e.getKey() + "=" + e.getValue()));
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> batch) {
      batch.forEach(e -> record("UPDATED " + e.getKey() + "=" + e.getValue()
          + (e.isOldValueAvailable() ? " (was " + e.getOldValue() + ")" : "")));
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> batch) {
      batch.forEach(e -> record("REMOVED " + e.getKey() + "=" + e.getOldValue() + "->" + e.getValue()));
    }

    private void record(String event) {
      if (failure != null) {
        throw new IllegalStateException(failure);
      }
      events.add(event);
    }
  }

  /** Records the values of one key in delivery order. */
  public static final class OrderRecorder implements CacheEntryCreatedListener<String, Integer>,
      CacheEntryUpdatedListener<String, Integer>, Serializable {
    static final List<Integer> seen = new CopyOnWriteArrayList<>();
    static volatile CountDownLatch done;

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> batch) {
      batch.forEach(e -> {
        seen.add(e.getValue());
        done.countDown();
      });
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> batch) {
      onCreated(batch);
    }
  }

  static final class OnlyKeysStartingWithA implements CacheEntryEventFilter<String, String>, Serializable {
    @Override
    public boolean evaluate(CacheEntryEvent<? extends String, ? extends String> event) {
      return event.getKey().startsWith("a");
    }
  }
}
