package dev.cairn.cache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.store.redis.RedisServerExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The non-canonical values contract on a private redis-server, plus the case only a shared store has: a set of
 * enums written by another JVM, whose identity hash codes (so the set's serialized order) differ from this one's.
 */
class RedisNonCanonicalValuesTest extends NonCanonicalValuesContractTest {

  private static final AtomicInteger PREFIXES = new AtomicInteger();

  @RegisterExtension
  static final RedisServerExtension server = new RedisServerExtension();

  @Override
  protected URI managerUri() {
    return server.uri("prefix=values" + PREFIXES.incrementAndGet());
  }

  @Test
  void entryProcessorOnASetOfEnumsWrittenByAnotherJvm() throws IOException, InterruptedException {
    Cache<String, Object> cache = manager.createCache("values",
        new MutableConfiguration<String, Object>().setTypes(String.class, Object.class));
    Process child = new ProcessBuilder(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-Xmx64m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), EnumSetWriter.class.getName(), manager.getURI().toString()))
        .redirectErrorStream(true).start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();

    cache.invoke("units", (entry, args) -> {
      @SuppressWarnings("unchecked")
      Set<TimeUnit> units = new HashSet<>((Set<TimeUnit>) entry.getValue());
      units.remove(TimeUnit.DAYS);
      entry.setValue(units);
      return null;
    });
    assertThat(cache.get("units")).isEqualTo(EnumSet.complementOf(EnumSet.of(TimeUnit.DAYS)));
  }

  /** The other JVM: writes a {@code HashSet} of every {@link TimeUnit} under {@code units}. */
  public static final class EnumSetWriter {
    public static void main(String[] args) {
      try (dev.cairn.cache.CairnCachingProvider provider = new dev.cairn.cache.CairnCachingProvider()) {
        Cache<String, Object> cache = provider.getCacheManager(URI.create(args[0]), null)
            .getCache("values", String.class, Object.class);
        cache.put("units", new HashSet<>(EnumSet.allOf(TimeUnit.class)));
      }
    }
  }
}
