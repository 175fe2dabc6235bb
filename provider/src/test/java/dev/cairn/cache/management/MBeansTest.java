package dev.cairn.cache.management;

import static org.assertj.core.api.Assertions.assertThat;

import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class MBeansTest {

  @Test
  void managerUriWithQueryStillNamesOneBean() {
    // '?' (and '*') in an unquoted value made a pattern name, which the MBean server refuses to register
    ObjectName name = MBeans.name(MBeans.Type.CacheStatistics, "redis://h:6379?prefix=app&x=*", "c?");
    assertThat(name.isPattern()).isFalse();
    assertThat(name.getKeyProperty("CacheManager")).isEqualTo("redis.//h.6379.prefix.app&x..");
    assertThat(name.getKeyProperty("Cache")).isEqualTo("c.");
  }
}
