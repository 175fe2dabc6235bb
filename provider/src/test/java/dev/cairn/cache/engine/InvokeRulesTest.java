package dev.cairn.cache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import org.junit.jupiter.api.Test;

/** Entry processors: one recorded outcome, applied atomically, never losing a concurrent update. */
class InvokeRulesTest extends EngineTestSupport {

  @Test
  void concurrentIncrementsLoseNothing() throws Exception {
    Cache<String, Long> cache = create(configuration(String.class, Long.class));
    int threads = 4;
    int increments = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < increments; i++) {
            cache.invoke("n", (entry, args) -> {
              entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
              return null;
            });
          }
        }));
      }
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(cache.get("n")).isEqualTo((long) threads * increments);
  }

  @Test
  void removeAfterSetOnANewEntryLeavesNothing() {
    Cache<String, String> cache = create(configuration(String.class, String.class));
    cache.invoke("k", (entry, args) -> {
      entry.setValue("v");
      entry.remove();
      return null;
    });
    assertThat(cache.containsKey("k")).isFalse();
  }

  @Test
  void processorFailuresArriveWrappedAndChangeNothing() {
    Cache<String, String> cache = create(configuration(String.class, String.class));
    cache.put("k", "v");
    assertThatThrownBy(() -> cache.invoke("k", (entry, args) -> {
      entry.setValue("changed");
      throw new IllegalStateException("no");
    })).isInstanceOf(EntryProcessorException.class).hasCauseInstanceOf(IllegalStateException.class);
    assertThat(cache.get("k")).isEqualTo("v");
  }

  @Test
  void invokeAllReportsResultsAndFailuresPerKey() {
    Cache<String, String> cache = create(configuration(String.class, String.class));
    cache.put("a", "1");
    cache.put("b", "2");
    Map<String, EntryProcessorResult<String>> results = cache.invokeAll(Set.of("a", "b", "c"), (entry, args) -> {
      if (entry.getKey().equals("b")) {
        throw new IllegalArgumentException("b");
      }
      return entry.getValue();
    });
    assertThat(results.get("a").get()).isEqualTo("1");
    assertThatThrownBy(() -> results.get("b").get()).isInstanceOf(EntryProcessorException.class);
    assertThat(results).doesNotContainKey("c");
  }
}
