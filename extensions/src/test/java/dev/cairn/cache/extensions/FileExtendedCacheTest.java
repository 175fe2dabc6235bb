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

  private List<String> cacheDirectories() throws Exception {
    try (Stream<Path> children = Files.list(directory.resolve("caches"))) {
      return children.map(child -> child.getFileName().toString()).toList();
    }
  }
}
