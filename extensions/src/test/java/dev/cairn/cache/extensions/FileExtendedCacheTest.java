package dev.cairn.cache.extensions;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extensions' contract on the disk store, each test in a directory of its own. */
class FileExtendedCacheTest extends ExtendedCacheContractTest {

  @TempDir
  Path directory;

  @Override
  protected CacheManager openManager() {
    return Caching.getCachingProvider().getCacheManager(uri(), getClass().getClassLoader());
  }

  private URI uri() {
    return URI.create("disk:" + directory.toUri().getRawPath());
  }

  @Test
  void keyVersionsAreTablesOfTheirOwnThatSurviveARestartAndGoWithDestroyCache() throws Exception {
    Cache<String, String> raw = manager.createCache("versioned", typed(String.class, String.class));
    ExtendedCache<String, String> cache = ExtendedCache.of(raw);
    raw.put("k", "v0");
    cache.version(3).put("k", "v3");
    manager.close();

    manager = openManager();
    ExtendedCache<String, String> reopened = ExtendedCache.of(
        manager.getCache("versioned", String.class, String.class));
    assertThat(reopened.get("k")).isEqualTo("v0");
    assertThat(reopened.version(3).get("k")).isEqualTo("v3");
    assertThat(reopened.version(2).get("k")).isNull();
    assertThat(cacheDirectories()).contains("versioned", "versioned~v3");

    manager.destroyCache("versioned");
    assertThat(cacheDirectories()).noneMatch(name -> name.startsWith("versioned"));
  }

  @Test
  void setsSurviveARestartInATableOfTheirOwnAndGoWithDestroyCache() throws Exception {
    ExtendedCache<String, String> cache = ExtendedCache.of(
        manager.createCache("tagged", typed(String.class, String.class)));
    cache.put("k", "entry");
    cache.set("k").addAll(List.of("a", "b", "c"));
    cache.set("k").remove("b");
    cache.set("gone").add("x");
    cache.set("gone").remove("x");
    cache.version(3).set("k").add("v3");
    manager.close();

    manager = openManager();
    ExtendedCache<String, String> reopened = ExtendedCache.of(manager.getCache("tagged", String.class, String.class));
    assertThat(reopened.set("k").members()).containsExactlyInAnyOrder("a", "c");
    assertThat(reopened.set("gone").size()).isZero();
    assertThat(reopened.version(3).set("k").members()).containsExactly("v3");
    assertThat(reopened.get("k")).isEqualTo("entry");
    assertThat(cacheDirectories()).contains("tagged", "tagged~set", "tagged~v3", "tagged~v3~set");

    manager.destroyCache("tagged");
    assertThat(cacheDirectories()).noneMatch(name -> name.startsWith("tagged"));
  }

  @Test
  void aCacheWithoutSetsHasNoTableForThem() throws Exception {
    ExtendedCache<String, String> cache = ExtendedCache.of(
        manager.createCache("plain", typed(String.class, String.class)));
    cache.put("k", "v");
    assertThat(cache.set("k").members()).isEmpty();
    assertThat(cache.set("k").remove("x")).isFalse();
    assertThat(cacheDirectories()).contains("plain").doesNotContain("plain~set");
  }

  @Test
  void aClearedSetStaysClearedAfterARestart() {
    Cache<String, String> raw = manager.createCache("cleared", typed(String.class, String.class));
    ExtendedCache.of(raw).set("k").add("a");
    raw.clear();
    ExtendedCache.of(raw).set("k").add("b");
    manager.close();

    manager = openManager();
    assertThat(ExtendedCache.of(manager.getCache("cleared", String.class, String.class)).set("k").members())
        .containsExactly("b");
  }

  private List<String> cacheDirectories() throws Exception {
    try (Stream<Path> children = Files.list(directory.resolve("caches"))) {
      return children.map(child -> child.getFileName().toString()).toList();
    }
  }
}
