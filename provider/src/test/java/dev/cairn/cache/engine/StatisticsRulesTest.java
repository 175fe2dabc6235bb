package dev.cairn.cache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCache;
import dev.cairn.cache.management.CacheStatistics;
import java.lang.management.ManagementFactory;
import javax.cache.Cache;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** Statistics count what the spec says, and only while enabled; the MXBean is registered under its name. */
class StatisticsRulesTest extends EngineTestSupport {

  @Test
  void countsHitsMissesPutsRemovalsAndEvictions() throws Exception {
    Cache<String, String> cache = create(configuration(String.class, String.class).setMaximumSize(5)
        .setStatisticsEnabled(true));
    CacheStatistics statistics = cache.unwrap(CairnCache.class).statistics();
    cache.put("a", "1");
    cache.get("a");
    cache.get("missing");
    cache.remove("a");
    cache.remove("a");
    for (int i = 0; i < 20; i++) {
      cache.put("k" + i, "v");
    }
    assertThat(statistics.getCacheHits()).isEqualTo(1);
    assertThat(statistics.getCacheMisses()).isEqualTo(1);
    assertThat(statistics.getCachePuts()).isEqualTo(21);
    assertThat(statistics.getCacheRemovals()).isEqualTo(1);
    assertThat(statistics.getCacheEvictions()).isEqualTo(15);
    ObjectName name = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
        + manager.getURI().toString().replace(':', '.') + ",Cache=cache");
    assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(name, "CacheHits")).isEqualTo(1L);
  }

  @Test
  void disabledStatisticsCountNothing() {
    Cache<String, String> cache = create(configuration(String.class, String.class));
    cache.put("a", "1");
    cache.get("a");
    assertThat(cache.unwrap(CairnCache.class).statistics().getCacheGets()).isZero();
  }
}
