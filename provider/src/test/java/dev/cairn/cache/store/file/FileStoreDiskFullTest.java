package dev.cairn.cache.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.cairn.cache.CairnCacheManager;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.Duration;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk store on a full file system: a real 2 MiB tmpfs the test mounts (tests run as root, here and on CI; a
 * test that cannot mount it fails and says why, it never skips). Writes that cannot be stored fail with a
 * {@link CacheException}; every acknowledged write stays readable, also across a restart; reads (which touch
 * entries under a touched expiry policy) keep working; and writes work again by themselves once space returns.
 */
class FileStoreDiskFullTest {

  @TempDir
  Path parent;

  private Path mount;
  private boolean mounted;
  private CacheManager manager;

  @BeforeEach
  void mountSmallFileSystem() throws Exception {
    mount = Files.createDirectory(parent.resolve("tmpfs"));
    String error = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString());
    if (error != null) {
      fail("this test needs a small real file system and could not mount one: 'mount -t tmpfs -o size=2m tmpfs "
          + mount + "' failed: " + error + ". Run the tests as root (as CI does) or with CAP_SYS_ADMIN");
    }
    mounted = true;
  }

  @AfterEach
  void unmount() throws Exception {
    if (manager != null) {
      manager.close();
    }
    if (mounted) {
      String error = run("umount", mount.toString());
      for (int attempt = 0; error != null && attempt < 20; attempt++) {
        // segments scanned on open are memory-mapped, and a mapping lasts until its buffer is collected
        System.gc();
        Thread.sleep(50);
        error = run("umount", mount.toString());
      }
      if (error != null) {
        error = run("umount", "-l", mount.toString());
      }
      assertThat(error).as("unmounting the test's tmpfs at %s", mount).isNull();
    }
  }

  @Test
  void fullDiskFailsWritesKeepsWhatWasAcknowledgedAndRecoversWhenSpaceReturns() throws IOException {
    Path filler = mount.resolve("filler");
    Files.write(filler, new byte[512 << 10]);
    URI uri = URI.create("disk:" + mount.resolve("store").toUri().getRawPath() + "?segmentSize=64k");
    manager = Caching.getCachingProvider().getCacheManager(uri, getClass().getClassLoader());
    Cache<String, String> created = manager.createCache("full", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setExpiryPolicyFactory(TouchedExpiryPolicy.factoryOf(new Duration(TimeUnit.HOURS, 1))));
    Cache<String, String> cache = created;

    Map<String, String> acknowledged = new LinkedHashMap<>();
    CacheException failure = null;
    for (int i = 0; i < 10_000 && failure == null; i++) {
      try {
        cache.put("k" + i, value(i));
        acknowledged.put("k" + i, value(i));
      } catch (CacheException e) {
        failure = e;
      }
    }
    assertThat(failure).as("a write on the full file system").isNotNull();
    assertThat(messages(failure)).contains("No space left on device");
    assertThat(acknowledged).hasSizeGreaterThan(500);
    for (int i = 0; i < 5; i++) {
      int next = acknowledged.size() + i;
      assertThatThrownBy(() -> created.put("more" + next, value(next))).isInstanceOf(CacheException.class);
    }

    for (Map.Entry<String, String> entry : acknowledged.entrySet()) {
      assertThat(cache.get(entry.getKey())).as("read of %s on the full disk", entry.getKey())
          .isEqualTo(entry.getValue());
    }

    manager.close();
    manager = Caching.getCachingProvider().getCacheManager(uri, getClass().getClassLoader());
    FileBackend backend = (FileBackend) manager.unwrap(CairnCacheManager.class).backend();
    cache = manager.getCache("full", String.class, String.class);
    assertThat(backend.damagedRecords("full")).as("torn records after restarting on the full disk: a failed write "
        + "must leave nothing behind").isZero();
    assertThat(cache.get("k0")).isEqualTo(value(0));

    Files.delete(filler);
    for (int i = 0; i < 200; i++) {
      cache.put("after" + i, value(i));
      acknowledged.put("after" + i, value(i));
    }
    manager.close();

    manager = Caching.getCachingProvider().getCacheManager(uri, getClass().getClassLoader());
    Cache<String, String> reopened = manager.getCache("full", String.class, String.class);
    for (Map.Entry<String, String> entry : acknowledged.entrySet()) {
      assertThat(reopened.get(entry.getKey())).as("%s after a restart", entry.getKey()).isEqualTo(entry.getValue());
    }
    backend = (FileBackend) manager.unwrap(CairnCacheManager.class).backend();
    assertThat(backend.damagedRecords("full")).as("records dropped on open").isZero();
    int count = 0;
    for (Cache.Entry<String, String> ignored : reopened) {
      count++;
    }
    assertThat(count).as("nothing but the acknowledged writes").isEqualTo(acknowledged.size());
  }

  private static String messages(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      text.append(cause.getMessage()).append(" / ");
    }
    return text.toString();
  }

  private static String value(int i) {
    return "value-" + i + "-" + "x".repeat(1_000);
  }

  /** Runs a command; {@code null} if it succeeded, else what it printed and its exit code. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return "timed out";
    }
    return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
  }
}
