package dev.cairn.cache.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCacheManager;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that writes through the javax.cache API with SIGKILL at random moments, several times over one
 * directory, and checks after each kill that every write the child saw return is there, intact, and nothing else
 * (the one operation in flight may or may not have happened).
 */
class FileStoreCrashTest {

  @TempDir
  Path directory;

  @Test
  void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
    Random random = new Random();
    Map<String, String> acknowledged = new HashMap<>();
    long next = 0;
    String[] modes = {"always", "interval", "always", "none"};
    for (String mode : modes) {
      URI childUri = URI.create("disk:" + directory.toUri().getRawPath() + "?sync=" + mode + "&segmentSize=256k");
      List<String> printed;
      try (ChildJvm child = new ChildJvm("write", childUri.toString(), Long.toString(next))) {
        child.await("ready");
        Thread.sleep(150 + random.nextInt(500));
        printed = child.kill();
      }
      assertThat(printed).as("operations acknowledged before the kill in %s mode", mode).isNotEmpty();
      for (String line : printed) {
        long i = Long.parseLong(line);
        assertThat(i).isEqualTo(next);
        apply(acknowledged, i);
        next = i + 1;
      }
      long inFlight = next;
      verify(acknowledged, inFlight);
      // the in-flight operation's effect, if any, is now part of the state the next round starts from
      Map<String, String> actual = read();
      String key = DiskStoreChild.key(inFlight);
      if (actual.get(key) == null ? acknowledged.get(key) != null : !actual.get(key).equals(acknowledged.get(key))) {
        apply(acknowledged, inFlight);
      }
      next = inFlight + 1;
    }
  }

  private void verify(Map<String, String> acknowledged, long inFlight) {
    Map<String, String> actual = read();
    Map<String, String> withInFlight = new HashMap<>(acknowledged);
    apply(withInFlight, inFlight);
    assertThat(actual).as("state after the kill: the acknowledged writes, perhaps with the one in flight")
        .isIn(acknowledged, withInFlight);
  }

  private Map<String, String> read() {
    URI uri = URI.create("disk:" + directory.toUri().getRawPath());
    CacheManager manager = Caching.getCachingProvider().getCacheManager(uri, getClass().getClassLoader());
    try {
      Cache<String, String> cache = manager.getCache(DiskStoreChild.CACHE, String.class, String.class);
      Map<String, String> entries = new HashMap<>();
      cache.forEach(entry -> entries.put(entry.getKey(), entry.getValue()));
      assertThat(manager.unwrap(CairnCacheManager.class).backend()).isInstanceOf(FileBackend.class);
      return entries;
    } finally {
      manager.close();
    }
  }

  private static void apply(Map<String, String> state, long i) {
    if (DiskStoreChild.isRemove(i)) {
      state.remove(DiskStoreChild.key(i));
    } else {
      state.put(DiskStoreChild.key(i), DiskStoreChild.value(i));
    }
  }
}
