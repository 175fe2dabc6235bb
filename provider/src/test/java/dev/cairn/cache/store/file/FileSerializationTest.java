package dev.cairn.cache.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cache.CairnCache;
import dev.cairn.cache.CairnCachingProvider;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero-configuration serialization on disk: the application's own classes in an untyped cache read back in the
 * manager that wrote them and after a restart (the classes it learned are kept in the directory); a value that is
 * refused reads as a miss, counted, exactly as on Redis, never an exception.
 */
class FileSerializationTest {

  @TempDir
  Path directory;

  private final CairnCachingProvider provider = new CairnCachingProvider();

  @AfterEach
  void close() {
    provider.close();
  }

  private CacheManager open() {
    return provider.getCacheManager(URI.create("disk:" + directory.toUri().getRawPath()), getClass().getClassLoader());
  }

  @Test
  void theApplicationsClassesReadBackAfterARestart() {
    CacheManager manager = open();
    Cache<Object, Object> cache = manager.createCache("objects", new MutableConfiguration<>());
    Order order = new Order(List.of(new Line("tea", 2)), Priority.HIGH);
    cache.put(42L, order);
    assertThat(cache.get(42L)).isEqualTo(order);
    manager.close();

    Cache<Object, Object> reopened = open().getCache("objects");
    assertThat(reopened.get(42L)).isEqualTo(order);
    assertThat(reopened.unwrap(CairnCache.class).statistics().getUnreadableEntries()).isZero();
  }

  @Test
  void aRefusedValueIsAMissCountedNotAnException() throws IOException {
    CacheManager manager = open();
    manager.createCache("objects", new MutableConfiguration<>()).put("k", new Line("tea", 1));
    manager.close();
    // as if the bytes were put there by someone else: nothing says this application stored a Line
    try (var files = Files.walk(directory.resolve("classes"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.delete(file);
      }
    }

    Cache<Object, Object> reopened = open().getCache("objects");
    assertThat(reopened.get("k")).isNull();
    assertThat(reopened.get("k")).isNull();
    List<Object> keys = new ArrayList<>();
    reopened.forEach(entry -> keys.add(entry.getKey()));
    assertThat(keys).isEmpty();
    assertThat(reopened.unwrap(CairnCache.class).statistics().getUnreadableEntries()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aValueThatIsNotSerializableFailsAtPutNamingTheClassAndTheFix() {
    Cache<Object, Object> cache = open().createCache("objects", new MutableConfiguration<>());
    assertThatThrownBy(() -> cache.put("k", new Unserializable()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining(Unserializable.class.getName())
        .hasMessageContaining("Make it Serializable");
  }

  enum Priority { LOW, HIGH }

  record Line(String product, int quantity) implements Serializable {
  }

  record Order(List<Line> lines, Priority priority) implements Serializable {
  }

  static final class Unserializable {
  }
}
