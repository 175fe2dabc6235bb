package dev.cairn.cache.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCachingProvider;
import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The queue of an asynchronous listener: bounded, with the publisher waiting at the bound, and cut on deregistration. */
class ListenerQueueTest {

  private final CairnCachingProvider provider = new CairnCachingProvider();
  private final Cache<Integer, Integer> cache = provider.getCacheManager(
      URI.create("memory:listener-queue-" + UUID.randomUUID()), getClass().getClassLoader())
      .createCache("c", new MutableConfiguration<Integer, Integer>().setTypes(Integer.class, Integer.class));
  private final MutableCacheEntryListenerConfiguration<Integer, Integer> slow =
      new MutableCacheEntryListenerConfiguration<>(FactoryBuilder.factoryOf(new Blocked()), null, false, false);

  @AfterEach
  void close() {
    Blocked.gate.countDown();
    provider.close();
  }

  @Test
  void aListenerThatFallsBehindMakesThePublisherWaitAtTheBound() throws Exception {
    Blocked.reset();
    cache.registerCacheEntryListener(slow);
    int events = ListenerRegistration.QUEUE_CAPACITY + 3;
    AtomicInteger published = new AtomicInteger();
    Thread publisher = new Thread(() -> {
      for (int i = 0; i < events; i++) {
        cache.put(i, i);
        published.incrementAndGet();
      }
    });
    publisher.start();
    // one event in the listener, QUEUE_CAPACITY waiting: the next put waits for room
    assertThat(Blocked.entered.await(10, TimeUnit.SECONDS)).isTrue();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (published.get() < ListenerRegistration.QUEUE_CAPACITY + 1 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(300);
    assertThat(published.get()).as("puts done while the listener is stuck")
        .isEqualTo(ListenerRegistration.QUEUE_CAPACITY + 1);
    assertThat(publisher.isAlive()).isTrue();

    Blocked.gate.countDown();
    publisher.join(10_000);
    assertThat(publisher.isAlive()).isFalse();
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (Blocked.seen.size() < events && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      expected.add(i);
    }
    assertThat(Blocked.seen).as("nothing dropped, in order").containsExactlyElementsOf(expected);
  }

  @Test
  void aDeregisteredListenerGetsNothingMoreNotEvenWhatWasQueued() throws Exception {
    Blocked.reset();
    cache.registerCacheEntryListener(slow);
    cache.put(1, 1);
    assertThat(Blocked.entered.await(10, TimeUnit.SECONDS)).isTrue();
    cache.put(2, 2);
    cache.put(3, 3);

    cache.deregisterCacheEntryListener(slow);
    Blocked.gate.countDown();
    cache.put(4, 4);
    Thread.sleep(300);

    assertThat(Blocked.seen).containsExactly(1);
  }

  /** Records created keys; the first event waits for {@link #gate}. */
  public static final class Blocked implements CacheEntryCreatedListener<Integer, Integer>, Serializable {
    static final List<Integer> seen = new CopyOnWriteArrayList<>();
    static volatile CountDownLatch gate = new CountDownLatch(1);
    static volatile CountDownLatch entered = new CountDownLatch(1);

    static void reset() {
      seen.clear();
      gate = new CountDownLatch(1);
      entered = new CountDownLatch(1);
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends Integer, ? extends Integer>> events) {
      events.forEach(event -> seen.add(event.getKey()));
      entered.countDown();
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
