package dev.cairn.cache.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cache.CairnCachingProvider;
import dev.cairn.cache.codec.Codecs;
import dev.cairn.cache.expiry.Clock;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreListener;
import dev.cairn.cache.store.StoreSettings;
import dev.cairn.cache.store.Ttl;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only one process owns a directory; a second one is told who does. */
class DirectoryLockTest {

  @TempDir
  Path directory;

  @Test
  void secondProcessIsToldWhoHoldsTheDirectory() throws Exception {
    try (ChildJvm holder = new ChildJvm("hold", uri().toString())) {
      holder.await("locked");
      assertThatThrownBy(this::openBackend)
          .isInstanceOf(CacheException.class)
          .hasMessageContaining(directory.toRealPath().toString())
          .hasMessageContaining("in use by pid " + holder.process().pid() + " on host ");
      holder.process().getOutputStream().close();
      assertThat(holder.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    openBackend().close();
  }

  @Test
  void killedHolderLeavesTheDirectoryFree() throws Exception {
    try (ChildJvm holder = new ChildJvm("hold", uri().toString())) {
      holder.await("locked");
      holder.kill();
    }
    openBackend().close();
  }

  /**
   * Cairn loaded twice in one JVM (two web applications, plugins): the second copy must fail without touching the
   * lock file, since a close of any descriptor of it by the process drops the first copy's POSIX lock, which let
   * another process in while the first copy still wrote.
   */
  @Test
  void secondCopyOfCairnInOneJvmFailsAndTheDirectoryStaysLockedAgainstOtherProcesses() throws Exception {
    StoreBackend first = openBackend();
    try (CairnCopy copy = new CairnCopy()) {
      assertThatThrownBy(() -> copy.provider().getCacheManager(uri(), copy.loader()))
          .isInstanceOf(CacheException.class)
          .hasMessageContaining(directory.toRealPath().toString())
          .hasMessageContaining("in use by this process (pid " + ProcessHandle.current().pid() + ")")
          .hasMessageContaining("another copy of Cairn");
      try (ChildJvm probe = new ChildJvm("probe", uri().toString())) {
        probe.await("refused");
      }
      first.close();
      // released JVM-wide: the other copy may have it now
      copy.provider().getCacheManager(uri(), copy.loader()).close();
    }
    try (ChildJvm probe = new ChildJvm("probe", uri().toString())) {
      probe.await("locked");
    }
  }

  @Test
  void managersOfOneDirectoryInOneJvmShareIt() {
    StoreBackend first = openBackend();
    StoreBackend second = openBackend();
    Store<String, String> mine = open(first);
    Store<String, String> theirs = open(second);
    mine.write("k", "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    assertThat(theirs.get("k", Ttl.UNCHANGED)).isEqualTo("v");
    second.close();
    assertThat(mine.get("k", Ttl.UNCHANGED)).isEqualTo("v");
    first.close();
    StoreBackend reopened = openBackend();
    assertThat(open(reopened).get("k", Ttl.UNCHANGED)).isEqualTo("v");
    reopened.close();
  }

  @Test
  void secondManagerAskingForAnotherSyncModeIsRefusedNamingBoth() {
    StoreBackend lax = openBackend("?sync=none");
    assertThatThrownBy(() -> openBackend("?sync=always"))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("already open in this JVM with sync=none&segmentSize="
            + FileLocation.DEFAULT_SEGMENT_SIZE)
        .hasMessageContaining("this manager asks for sync=always&segmentSize=" + FileLocation.DEFAULT_SEGMENT_SIZE);
    assertThatThrownBy(() -> openBackend("?sync=none&segmentSize=4k"))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("asks for sync=none&segmentSize=4096");
    // the same settings in other words share the directory; syncInterval only matters in interval mode
    openBackend("?sync=NONE&syncInterval=5s&segmentSize=64m").close();
    lax.close();
    StoreBackend strict = openBackend("?sync=interval&syncInterval=50ms");
    assertThatThrownBy(() -> openBackend("?sync=interval"))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("with sync=interval&syncInterval=50ms&")
        .hasMessageContaining("asks for sync=interval&syncInterval=100ms&");
    strict.close();
    openBackend("?sync=always").close();
  }

  /**
   * A second copy of Cairn: its classes loaded again from the provider's class files by a loader that does not
   * delegate {@code dev.cairn} to its parent (the JCache API and everything else stay shared, as in a container).
   */
  private static final class CairnCopy implements AutoCloseable {
    private final URLClassLoader loader;
    private final CachingProvider provider;

    CairnCopy() {
      URL classes = FileStoreProvider.class.getProtectionDomain().getCodeSource().getLocation();
      loader = new URLClassLoader(new URL[] {classes}, DirectoryLockTest.class.getClassLoader()) {
        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
          if (!name.startsWith("dev.cairn.")) {
            return super.loadClass(name, resolve);
          }
          synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            return loaded != null ? loaded : findClass(name);
          }
        }
      };
      provider = Caching.getCachingProvider(CairnCachingProvider.class.getName(), loader);
      assertThat(provider.getClass()).isNotSameAs(CairnCachingProvider.class);
    }

    ClassLoader loader() {
      return loader;
    }

    CachingProvider provider() {
      return provider;
    }

    @Override
    public void close() throws IOException {
      provider.close();
      loader.close();
    }
  }

  private Store<String, String> open(StoreBackend backend) {
    ClassLoader loader = getClass().getClassLoader();
    return backend.open(new StoreSettings<>("shared", Codecs.forType(String.class, loader),
        Codecs.forType(String.class, loader), 0, Clock.system(), StoreListener.none(), false));
  }

  private StoreBackend openBackend() {
    return openBackend("");
  }

  private StoreBackend openBackend(String query) {
    return new FileStoreProvider().open(URI.create(uri() + query), new Properties(), getClass().getClassLoader());
  }

  private URI uri() {
    return URI.create("disk:" + directory.toUri().getRawPath());
  }
}
