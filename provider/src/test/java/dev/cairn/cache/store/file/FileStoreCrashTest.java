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

  /**
   * The same with a cache bounded to 100 of its 397 keys, on small segments: eviction writes removal records and
   * compaction runs all along. Entries may be missing (evicted), but none may come back with a value it no longer
   * had, and the bound holds after every restart.
   */
  @Test
  void aBoundedCacheServesOnlyAcknowledgedValuesAfterSigkill() throws Exception {
    Random random = new Random();
    Map<String, String> acknowledged = new HashMap<>();
    long next = 0;
    for (String mode : new String[] {"always", "none", "interval"}) {
      URI childUri = URI.create("disk:" + directory.toUri().getRawPath() + "?sync=" + mode + "&segmentSize=16k");
      List<String> printed;
      try (ChildJvm child = new ChildJvm("write", childUri.toString(), Long.toString(next), "100")) {
        child.await("ready");
        // past the first maintenance round (1 s), so that compaction runs in the child too
        Thread.sleep(1_200 + random.nextInt(600));
        printed = child.kill();
      }
      assertThat(printed).as("operations acknowledged before the kill in %s mode", mode).hasSizeGreaterThan(100);
      for (String line : printed) {
        apply(acknowledged, Long.parseLong(line));
        next = Long.parseLong(line) + 1;
      }
      long inFlight = next;
      Map<String, String> withInFlight = new HashMap<>(acknowledged);
      apply(withInFlight, inFlight);
      Map<String, String> actual = read();
      assertThat(actual.size()).as("entries after the kill in %s mode", mode).isLessThanOrEqualTo(100);
      actual.forEach((key, value) -> {
        if (!value.equals(acknowledged.get(key)) && !value.equals(withInFlight.get(key))) {
          throw new AssertionError(key + " came back as " + brief(value) + "; acknowledged: "
              + brief(acknowledged.get(key)) + " (in flight: " + inFlight + ")");
        }
      });
      if (actual.containsKey(DiskStoreChild.key(inFlight))
          && actual.get(DiskStoreChild.key(inFlight)).equals(withInFlight.get(DiskStoreChild.key(inFlight)))) {
        apply(acknowledged, inFlight);
      }
      next = inFlight + 1;
    }
  }

  private void verify(Map<String, String> acknowledged, long inFlight) {
    Map<String, String> actual = read();
    Map<String, String> withInFlight = new HashMap<>(acknowledged);
    apply(withInFlight, inFlight);
    if (!actual.equals(acknowledged) && !actual.equals(withInFlight)) {
      throw new AssertionError("state after the kill differs from the acknowledged writes (in flight: " + inFlight
          + "): " + differences(acknowledged, actual));
    }
  }

  /** Keys whose stored value is not the acknowledged one, each with both values cut to their operation number. */
  private static String differences(Map<String, String> expected, Map<String, String> actual) {
    java.util.TreeMap<String, String> differing = new java.util.TreeMap<>();
    java.util.Set<String> keys = new java.util.HashSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String key : keys) {
      String want = expected.get(key);
      String got = actual.get(key);
      if (want == null ? got != null : !want.equals(got)) {
        differing.put(key, "expected " + brief(want) + ", stored " + brief(got));
      }
    }
    return differing.size() + " key(s) " + differing;
  }

  private static String brief(String value) {
    return value == null ? "absent" : value.substring(0, value.indexOf(':'));
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
