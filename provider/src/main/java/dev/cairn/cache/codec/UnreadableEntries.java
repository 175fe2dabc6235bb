package dev.cairn.cache.codec;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The one rule for bytes a store reads back and cannot decode, the same on every store: the entry reads as a miss
 * (never an exception), is counted (the cache's {@code getUnreadableEntries()}), and is logged at WARNING once per
 * class per cache, not once per read, with what to do about it. A refused class is the usual cause: one the
 * application never stored in this cache (planted, or written by another JVM that this one has not matched yet),
 * or one whose class changed incompatibly since it was written.
 *
 * <p>Thread-safe.
 */
public final class UnreadableEntries {

  private static final System.Logger LOG = System.getLogger(UnreadableEntries.class.getName());

  private final String cacheName;
  private final String where;
  private final LongAdder count = new LongAdder();
  private final Set<String> logged = ConcurrentHashMap.newKeySet();

  /**
   * Counts for the cache {@code cacheName}, whose bytes live {@code where} (for the log: "in Redis at host:6379",
   * "on disk in /var/cache").
   */
  public UnreadableEntries(String cacheName, String where) {
    this.cacheName = cacheName;
    this.where = where;
  }

  /** {@code bytes} decoded by {@code codec}; {@code null} for {@code null}, and for bytes that do not decode. */
  public <T> @Nullable T decode(Codec<T> codec, byte @Nullable [] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return codec.decode(bytes);
    } catch (CodecException e) {
      record(e);
      return null;
    }
  }

  /** Counts one entry that did not decode, and logs the first of its class. */
  public void record(CodecException e) {
    count.increment();
    String kind = e.className() != null ? e.className()
        : e.getCause() != null ? e.getCause().getClass().getName() : "bytes that are no encoding";
    if (logged.add(kind)) {
      LOG.log(System.Logger.Level.WARNING, "cache " + cacheName + ": an entry stored " + where
          + " cannot be read and reads as a miss; further entries of " + kind + " are only counted "
          + "(getUnreadableEntries()): " + e.getMessage());
    }
  }

  /** Entries that did not decode since this store opened. */
  public long count() {
    return count.sum();
  }
}
