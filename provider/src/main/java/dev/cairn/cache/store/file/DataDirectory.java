package dev.cairn.cache.store.file;

import dev.cairn.cache.expiry.Clock;
import dev.cairn.cache.store.MemberSets;
import dev.cairn.cache.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One disk store directory as this JVM holds it: the directory lock, the cache registry, each open cache's
 * {@link ByteTable}, and a maintenance thread that compacts (and, in {@code interval} mode, syncs). Managers of the
 * same directory in one JVM (created with different class loaders, say) share one instance, reference-counted,
 * because the lock belongs to the process and two tables on one cache's files would corrupt them. A second copy of
 * Cairn in the JVM (loaded by another class loader) has its own instances and cannot share: {@link DirectoryLock}
 * refuses it.
 *
 * <p>Layout: {@code cairn.lock}, {@code caches.properties}, and {@code caches/<escaped name>/<n>.seg} per cache
 * ({@code caches/<escaped name>~v<version>/} for its key versions other than 0). A key version's sets, once it has
 * had any, are a table of their own beside it, {@code <that directory>~set/} (see {@link SetTable}).
 *
 * <p>Thread-safe.
 */
final class DataDirectory {

  private static final System.Logger LOG = System.getLogger(DataDirectory.class.getName());
  private static final Map<Path, DataDirectory> OPEN = new HashMap<>();
  private static final String DELETING = ".deleting";
  private static final String VERSION_MARK = "~v";
  private static final String SETS_MARK = "~set";
  private static final long MAINTENANCE_MILLIS = 1_000;

  private final Path root;
  private final FileLocation location;
  private final DirectoryLock lock;
  private final FileCacheRegistry registry;
  private final ScheduledExecutorService maintenance;
  private final Map<TableId, OpenTable> tables = new HashMap<>();
  private int users;

  /**
   * The entries, or the sets, of one key version of one cache: each has a table of its own (see
   * {@code StoreSettings#keyVersion}).
   */
  private record TableId(String cacheName, long version, boolean sets) {
  }

  /** A table and who uses it. */
  private static final class OpenTable {
    final ByteTable table;
    final Clock clock;
    /** The set index journaled to this table, for a table of sets. */
    @Nullable SetTable sets;
    int users;

    OpenTable(ByteTable table, Clock clock) {
      this.table = table;
      this.clock = clock;
    }
  }

  private DataDirectory(Path root, FileLocation location) throws IOException {
    this.root = root;
    this.location = location;
    this.lock = DirectoryLock.acquire(root);
    this.registry = new FileCacheRegistry(root);
    removeDeleted();
    this.maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "cairn-disk-maintenance " + root);
      thread.setDaemon(true);
      return thread;
    });
    scheduleMaintenance();
  }

  // the tasks log their own failures and keep their schedule; close() ends them with shutdown(): their futures
  // have nothing to tell
  @SuppressWarnings("FutureReturnValueIgnored")
  private void scheduleMaintenance() {
    maintenance.scheduleWithFixedDelay(this::compact, MAINTENANCE_MILLIS, MAINTENANCE_MILLIS, TimeUnit.MILLISECONDS);
    if (location.syncMode() == SyncMode.INTERVAL) {
      long interval = location.syncInterval().toMillis();
      maintenance.scheduleWithFixedDelay(this::sync, interval, interval, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * This JVM's handle on the directory of {@code location}, opened (created, locked) by the first user. Later users
   * share it, and must ask for the same settings: one log has one sync mode and segment size, and silently keeping
   * the first user's would leave a manager that asked for {@code sync=always} without durability.
   *
   * @throws StoreException if another process holds the directory, it cannot be created, or it is open in this JVM
   *     with other settings
   */
  static DataDirectory acquire(FileLocation location) {
    synchronized (OPEN) {
      try {
        DirectorySync.createDirectories(location.directory());
        Path root = location.directory().toRealPath();
        DataDirectory directory = OPEN.get(root);
        if (directory == null) {
          directory = new DataDirectory(root, location);
          OPEN.put(root, directory);
        } else if (!directory.location.settings().equals(location.settings())) {
          throw new StoreException("the disk store directory " + root + " is already open in this JVM with "
              + directory.location.settings() + "; this manager asks for " + location.settings() + ". Managers of "
              + "one directory share its files, so they must ask for the same sync, syncInterval and segmentSize");
        }
        directory.users++;
        return directory;
      } catch (IOException e) {
        throw new StoreException("cannot open the disk store directory " + location.directory(), e);
      }
    }
  }

  Path root() {
    return root;
  }

  FileCacheRegistry registry() {
    return registry;
  }

  /**
   * Opens (or shares) the table of one key version of a cache; {@code clock} decides expiry during compaction.
   */
  synchronized ByteTable openTable(String cacheName, long version, Clock clock) {
    return open(new TableId(cacheName, version, false), clock).table;
  }

  /** Gives back a table from {@link #openTable}; the last user closes it. */
  synchronized void releaseTable(String cacheName, long version) {
    release(new TableId(cacheName, version, false));
  }

  /**
   * Opens (or shares) the sets of one key version of a cache, rebuilt from their table. Without {@code create},
   * answers {@code null} instead of creating the table of a key version that never had sets, so that caches without
   * sets get no directory for them. Give each one back with {@link #releaseSets}.
   */
  synchronized @Nullable MemberSets openSets(String cacheName, long version, Clock clock, boolean create) {
    TableId id = new TableId(cacheName, version, true);
    if (!create && !tables.containsKey(id) && !Files.isDirectory(tableDirectory(id))) {
      return null;
    }
    OpenTable open = open(id, clock);
    if (open.sets == null) {
      open.sets = new SetTable(open.table, clock);
    }
    return open.sets.sets();
  }

  /** Gives back sets from {@link #openSets}; the last user closes their table. */
  synchronized void releaseSets(String cacheName, long version) {
    release(new TableId(cacheName, version, true));
  }

  private OpenTable open(TableId id, Clock clock) {
    OpenTable open = tables.get(id);
    if (open == null) {
      try {
        open = new OpenTable(ByteTable.open(id.cacheName(), tableDirectory(id), location.syncMode(),
            location.segmentSize(), clock.millis()), clock);
      } catch (IOException e) {
        throw new StoreException("cannot open the disk store of cache " + id.cacheName() + " in " + root, e);
      }
      tables.put(id, open);
    }
    open.users++;
    return open;
  }

  private void release(TableId id) {
    OpenTable open = tables.get(id);
    if (open != null && --open.users == 0) {
      tables.remove(id);
      open.table.close();
    }
  }

  /** The damaged records dropped in an open cache, or {@code 0}. */
  synchronized long damagedRecords(String cacheName) {
    OpenTable open = tables.get(new TableId(cacheName, 0, false));
    return open == null ? 0 : open.table.damagedRecords();
  }

  /**
   * Deletes a cache's data, entries and sets of every key version: a table a manager has open is cleared, any
   * other's directory goes.
   */
  synchronized void destroy(String cacheName) {
    Set<Long> versions = new TreeSet<>();
    versions.add(0L);
    String base = directoryName(cacheName) + VERSION_MARK;
    try (Stream<Path> children = Files.exists(root.resolve("caches")) ? Files.list(root.resolve("caches"))
        : Stream.empty()) {
      children.map(child -> child.getFileName().toString())
          .filter(name -> name.startsWith(base) && name.length() > base.length()
              && name.substring(base.length()).chars().allMatch(Character::isDigit))
          .forEach(name -> versions.add(Long.parseLong(name.substring(base.length()))));
    } catch (IOException | NumberFormatException e) {
      throw new StoreException("cannot list the key versions of cache " + cacheName + " in " + root, e);
    }
    tables.keySet().stream().filter(id -> id.cacheName().equals(cacheName)).forEach(id -> versions.add(id.version()));
    versions.forEach(version -> {
      destroy(new TableId(cacheName, version, false));
      destroy(new TableId(cacheName, version, true));
    });
  }

  private void destroy(TableId id) {
    OpenTable open = tables.get(id);
    if (open != null) {
      if (open.sets != null) {
        open.sets.sets().clear();
      } else {
        open.table.clear();
      }
      return;
    }
    String cacheName = id.cacheName();
    Path directory = tableDirectory(id);
    if (Files.exists(directory)) {
      Path doomed = directory.resolveSibling(directory.getFileName() + DELETING);
      try {
        deleteTree(doomed);
        // one atomic rename first, so that a crash midway never leaves half a cache to be replayed
        Files.move(directory, doomed, StandardCopyOption.ATOMIC_MOVE);
        // the rename must be durable before the files go: a power loss must not bring the cache back in part
        DirectorySync.force(root.resolve("caches"));
        deleteTree(doomed);
      } catch (IOException e) {
        throw new StoreException("cannot delete the disk store of cache " + cacheName + " in " + root, e);
      }
    }
  }

  /** Gives back this handle; the last user stops maintenance, closes the tables and releases the lock. */
  void release() {
    synchronized (OPEN) {
      if (--users > 0) {
        return;
      }
      OPEN.remove(root);
    }
    maintenance.shutdown();
    try {
      maintenance.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<OpenTable> open;
    synchronized (this) {
      open = new ArrayList<>(tables.values());
      tables.clear();
    }
    open.forEach(table -> table.table.close());
    try {
      lock.release();
    } catch (IOException e) {
      throw new StoreException("cannot release the lock of " + root, e);
    }
  }

  private synchronized List<OpenTable> openTables() {
    return new ArrayList<>(tables.values());
  }

  private void compact() {
    for (OpenTable open : openTables()) {
      try {
        for (int i = 0; i < 16 && open.table.compactIfWasteful(open.clock.millis()); i++) {
          // one sealed segment per round, until half the log is live again
        }
      } catch (RuntimeException e) {
        // no caller sees maintenance: say it here, and try again next round
        LOG.log(System.Logger.Level.WARNING, "disk store compaction failed in " + root, e);
      }
    }
  }

  private void sync() {
    for (OpenTable open : openTables()) {
      try {
        open.table.flush();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "disk store sync failed in " + root, e);
      }
    }
  }

  /**
   * The directory of one table: the cache's own for the entries of version 0, {@code <name>~v<version>} for those
   * of other versions, and either followed by {@code ~set} for their sets. No cache's directory name can be one of
   * these ({@code ~} is escaped in names, and the hashed form of a long name ends with hexadecimal digits only), and
   * none of them is another's.
   */
  private Path tableDirectory(TableId id) {
    String name = directoryName(id.cacheName());
    String entries = id.version() == 0 ? name : name + VERSION_MARK + id.version();
    return root.resolve("caches").resolve(id.sets() ? entries + SETS_MARK : entries);
  }

  /**
   * A file name for a cache name: letters, digits, {@code -} and {@code _} as they are, every other byte of its
   * UTF-8 form as {@code %XX}; very long names are cut and completed with a hash.
   */
  static String directoryName(String cacheName) {
    StringBuilder name = new StringBuilder();
    for (byte b : cacheName.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
        name.append(c);
      } else {
        name.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
      }
    }
    if (name.length() == 0) {
      return "%";
    }
    if (name.length() > 150) {
      try {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(cacheName.getBytes(StandardCharsets.UTF_8));
        return name.substring(0, 100) + "~" + HexFormat.of().formatHex(hash, 0, 16);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is part of every JDK", e);
      }
    }
    return name.toString();
  }

  /** Finishes deletions a crash interrupted. */
  private void removeDeleted() throws IOException {
    Path caches = root.resolve("caches");
    if (!Files.isDirectory(caches)) {
      return;
    }
    try (Stream<Path> children = Files.list(caches)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        if (child.getFileName().toString().endsWith(DELETING)) {
          deleteTree(child);
        }
      }
    }
  }

  private static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(file);
      }
    }
  }
}
