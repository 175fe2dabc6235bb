package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCachingProvider;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cairn on a three-master Redis Cluster through {@code javax.cache}: one cache's entries land on every master,
 * bulk operations span slots, and listeners hear other managers' changes and every master's expiries.
 */
class RedisClusterTest {

  @RegisterExtension
  static final RedisClusterExtension nodes = new RedisClusterExtension();
  private final CairnCachingProvider first = new CairnCachingProvider();
  private final CairnCachingProvider second = new CairnCachingProvider();

  @AfterEach
  void close() {
    first.close();
    second.close();
    RecordingListener.RECEIVED.clear();
  }

  @Test
  void oneCachesEntriesSpreadOverAllMastersAndBulkOperationsSpanSlots() {
    Cache<String, String> cache = manager(first, "spread").createCache("items", config());
    Map<String, String> entries = IntStream.range(0, 300).boxed()
        .collect(Collectors.toMap(i -> "item-" + i, i -> "value-" + i));
    cache.putAll(entries);
    Cache<String, String> other = manager(first, "spread-other").createCache("items", config());
    other.put("item-1", "not mine");

    for (int i = 0; i < nodes.cluster().size(); i++) {
      long[] keys = new long[1];
      nodes.cluster().withNode(i, node -> keys[0] = node.keys("spread:items:*").size());
      assertThat(keys[0]).as("keys of the cache on master %d", i).isBetween(50L, 200L);
    }
    assertThat(cache.getAll(entries.keySet())).isEqualTo(entries);
    Set<String> iterated = new HashSet<>();
    cache.forEach(entry -> iterated.add(entry.getKey()));
    assertThat(iterated).isEqualTo(entries.keySet());

    cache.removeAll();
    assertThat(cache.iterator().hasNext()).isFalse();
    assertThat(other.get("item-1")).as("another prefix's entry survives").isEqualTo("not mine");
  }

  @Test
  void listenersHearOtherManagersAndExpiriesOnEveryMaster() throws Exception {
    Cache<String, String> writer = manager(first, "events").createCache("watched", config()
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 100))));
    Cache<String, String> listening = manager(second, "events").getCache("watched", String.class, String.class);
    listening.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(RecordingListener.class), null, false, false));

    Map<String, Integer> expired = new HashMap<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Set<String> written = new HashSet<>();
    // keys on every master: enough of them that each master's slots are hit
    for (int i = 0; i < 30; i++) {
      writer.put("k" + i, "v");
      written.add("k" + i);
    }
    boolean created = false;
    while (expired.size() < written.size() && System.nanoTime() < deadline) {
      String event = RecordingListener.RECEIVED.poll(100, TimeUnit.MILLISECONDS);
      if (event == null) {
        continue;
      }
      String[] parts = event.split(" ");
      if (parts[0].equals("EXPIRED")) {
        expired.merge(parts[1], 1, Integer::sum);
      } else if (parts[0].equals("CREATED")) {
        created = true;
      }
    }
    assertThat(expired.keySet()).as("an EXPIRED event for each key, whichever master held it")
        .isEqualTo(written);
    assertThat(expired.values()).as("each once").allMatch(count -> count == 1);
    // the writer learns of the listener within about a second; a later write must then reach it
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!created && System.nanoTime() < until) {
      writer.put("late", "v");
      String event = RecordingListener.RECEIVED.poll(200, TimeUnit.MILLISECONDS);
      created = event != null && event.matches("(CREATED|UPDATED) late v null");
    }
    assertThat(created).as("an event for a write made through the other manager").isTrue();
  }

  private static MutableConfiguration<String, String> config() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  private CacheManager manager(CairnCachingProvider provider, String prefix) {
    return provider.getCacheManager(nodes.uri("prefix=" + prefix), getClass().getClassLoader());
  }
}
