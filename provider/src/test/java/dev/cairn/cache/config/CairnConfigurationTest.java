package dev.cairn.cache.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.Test;

class CairnConfigurationTest {

  @Test
  void inheritedSettersChainIntoCairnSetters() {
    CairnConfiguration<String, Long> configuration = new CairnConfiguration<String, Long>()
        .setTypes(String.class, Long.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_MINUTE))
        .setStatisticsEnabled(true)
        .setManagementEnabled(true)
        .setStoreByValue(false)
        .setReadThrough(false)
        .setWriteThrough(false)
        .setMaximumSize(1_000)
        .setKeyVersion(2);

    assertThat(configuration.getKeyType()).isEqualTo(String.class);
    assertThat(configuration.isStatisticsEnabled()).isTrue();
    assertThat(configuration.isStoreByValue()).isFalse();
    assertThat(configuration.getMaximumSize()).isEqualTo(1_000);
    assertThat(configuration.getKeyVersion()).isEqualTo(2);
  }

  @Test
  void everyInheritedSetterReturnsCairnConfiguration() throws NoSuchMethodException {
    List<Method> setters = Arrays.stream(MutableConfiguration.class.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getReturnType() == MutableConfiguration.class)
        .toList();
    assertThat(setters).isNotEmpty();
    for (Method setter : setters) {
      Method own = CairnConfiguration.class.getDeclaredMethod(setter.getName(), setter.getParameterTypes());
      assertThat(own.getReturnType()).as(setter.getName()).isEqualTo(CairnConfiguration.class);
    }
  }
}
