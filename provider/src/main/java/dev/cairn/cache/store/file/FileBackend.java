package dev.cairn.cache.store.file;

import dev.cairn.cache.codec.LearnedClasses;
import dev.cairn.cache.store.CacheRegistry;
import dev.cairn.cache.store.MemberSets;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The disk stores of one {@code CacheManager}: a handle on its directory, shared with any other manager of the
 * same directory in this JVM (through the same copy of Cairn). Values come back decoded from bytes, so the engine
 * need not copy them, and store-by-reference is not possible. The cache registry keeps each cache's configuration
 * in the directory, so {@code getCache} finds caches created before a restart.
 *
 * <p>Reach it with {@code manager.unwrap(CairnCacheManager.class).backend()} to read {@link #damagedRecords}.
 * Thread-safe.
 */
public final class FileBackend implements StoreBackend {

  private final DataDirectory directory;
  private final long defaultMaxBytes;
  private final Set<FileStore<?, ?>> stores = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** {@code defaultMaxBytes}: the byte bound of caches that set none, {@code 0} for none. */
  FileBackend(DataDirectory directory, long defaultMaxBytes) {
    this.directory = directory;
    this.defaultMaxBytes = defaultMaxBytes;
  }

  /**
   * Opens a cache's store, bounded by the settings' {@code maxEntries} and {@code maxBytes} (this manager's
   * {@code maxBytes} when they set none). Managers that share the directory share each cache's table and its
   * bounds: the last store opened sets them.
   */

  @Override
  public <K, V> Store<K, V> open(StoreSettings<K, V> settings) {
    if (closed) {
      throw new IllegalStateException("the disk store backend of " + directory.root() + " is closed");
    }
    String name = settings.cacheName();
    long version = settings.keyVersion();
    ByteTable table = directory.openTable(name, version, settings.clock());
    FileStore<?, ?>[] self = new FileStore<?, ?>[1];
    FileStore.SetsHandle sets = new FileStore.SetsHandle() {
      @Override
      public @Nullable MemberSets open(boolean create) {
        return directory.openSets(name, version, settings.clock(), create);
      }

      @Override
      public void release() {
        directory.releaseSets(name, version);
      }
    };
    FileStore<K, V> store = new FileStore<>(table, settings, sets, () -> {
      stores.remove(self[0]);
      directory.releaseTable(name, version);
    });
    self[0] = store;
    stores.add(store);
    table.bound(settings.maxEntries(), settings.maxBytes() > 0 ? settings.maxBytes() : defaultMaxBytes,
        settings.clock().millis());
    return store;
  }

  /**
   * In {@code <dir>/classes/<cache>.txt}: as trusted as the entries beside it, and read again after a restart, so
   * that what the application stored before reads back (see {@code docs/serialization.md}). It outlives
   * {@code destroyCache}: the application did write those classes.
   */
  @Override
  public LearnedClasses learnedClasses(String cacheName) {
    return LearnedClasses.persistedIn(directory.root().resolve("classes")
        .resolve(DataDirectory.directoryName(cacheName) + ".txt"));
  }

  @Override
  public void destroy(String cacheName) {
    directory.destroy(cacheName);
  }

  @Override
  public boolean copiesValues() {
    return true;
  }

  /** The caches and their settings recorded in the directory. */
  @Override
  public CacheRegistry registry() {
    return directory.registry();
  }

  /** The directory this backend keeps its data in. */
  public Path directory() {
    return directory.root();
  }

  /**
   * How many damaged or torn records of an open cache were dropped: when the cache was opened, and since (by reads
   * and compaction); {@code 0} for a cache that is not open. Each drop is also logged at WARNING.
   */
  public long damagedRecords(String cacheName) {
    return directory.damagedRecords(cacheName);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    new ArrayList<>(stores).forEach(FileStore::close);
    directory.release();
  }
}
