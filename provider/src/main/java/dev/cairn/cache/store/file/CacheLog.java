package dev.cairn.cache.store.file;

import dev.cairn.cache.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The append-only log of one cache: numbered segment files in one directory. Records are appended to the newest
 * (active) segment; a full segment is synced and sealed, and a new one started. Replaying the segments in order
 * rebuilds the cache's state, later records winning.
 *
 * <p>Thread-safe. Appends are serialized; reads go straight to the segment files. {@link #commit()} applies the
 * {@link SyncMode}: in {@code ALWAYS} mode the first writer to arrive syncs for everyone written so far while the
 * others wait for it (group commit).
 */
final class CacheLog {

  private final Path directory;
  private final SyncMode syncMode;
  private final long segmentSize;
  private final ConcurrentSkipListMap<Integer, Segment> segments = new ConcurrentSkipListMap<>();
  private final Object appendLock = new Object();
  private final Object syncLock = new Object();
  private volatile Segment active;
  /** Bytes appended since open, across segments: a write's ticket for {@link #commit()}. */
  private volatile long appended;
  private volatile long durable;
  private final int dropped;

  private CacheLog(Path directory, SyncMode syncMode, long segmentSize, int dropped, Segment active) {
    this.directory = directory;
    this.syncMode = syncMode;
    this.segmentSize = segmentSize;
    this.dropped = dropped;
    this.active = active;
  }

  /**
   * Opens the log in {@code directory} (creating it if needed) and replays every intact record into
   * {@code visitor}, oldest first. Damaged records are skipped and counted; the newest segment is cut after its
   * last intact record.
   */
  static CacheLog open(Path directory, SyncMode syncMode, long segmentSize, SegmentScan.Visitor visitor)
      throws IOException {
    DirectorySync.createDirectories(directory);
    List<Segment> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.matches("\\d{10}\\.seg")) {
          found.add(Segment.open(Integer.parseInt(name.substring(0, 10)), file));
        }
      }
    }
    found.sort((a, b) -> Integer.compare(a.id(), b.id()));
    int dropped = 0;
    long validEnd = 0;
    for (Segment segment : found) {
      SegmentScan.Result scanned = SegmentScan.scan(segment, visitor);
      dropped += scanned.dropped();
      validEnd = scanned.validEnd();
    }
    Segment active;
    if (found.isEmpty()) {
      active = Segment.open(1, directory.resolve(Segment.fileName(1)));
      found.add(active);
      DirectorySync.force(directory);
    } else {
      // the newest segment is the one appended to: cut it after its last intact record
      active = found.get(found.size() - 1);
      if (validEnd < active.size()) {
        active.truncate(validEnd);
        active.force();
      }
    }
    CacheLog log = new CacheLog(directory, syncMode, segmentSize, dropped, active);
    found.forEach(segment -> log.segments.put(segment.id(), segment));
    return log;
  }

  /** Damaged or torn records skipped when the log was opened. */
  int droppedOnOpen() {
    return dropped;
  }

  /**
   * Appends an encoded record; the caller holds whatever lock makes the record's place in the log agree with the
   * index.
   *
   * @return the record's location: segment id in the high 32 bits, offset in the low 32 bits
   */
  long append(ByteBuffer record) {
    int length = record.remaining();
    synchronized (appendLock) {
      try {
        Segment target = active;
        if (target.size() > 0 && target.size() + length > segmentSize) {
          target = roll();
        }
        long offset = target.size();
        target.append(record);
        appended += length;
        return ((long) target.id() << 32) | offset;
      } catch (IOException e) {
        throw new StoreException("cannot append to the disk store in " + directory + ": " + e.getMessage(), e);
      }
    }
  }

  /** Makes what was appended so far durable as the sync mode asks; call after a write, before returning. */
  void commit() {
    if (syncMode == SyncMode.ALWAYS) {
      sync(appended);
    }
  }

  /** Syncs everything appended so far, whatever the mode. */
  void flush() {
    sync(appended);
  }

  private void sync(long ticket) {
    if (durable >= ticket) {
      return;
    }
    synchronized (syncLock) {
      if (durable >= ticket) {
        return;
      }
      long upTo = appended;
      try {
        // a roll syncs the segment it seals before making the next one active, so syncing the active one is enough
        active.force();
      } catch (IOException e) {
        throw new StoreException("cannot sync the disk store in " + directory, e);
      }
      durable = upTo;
    }
  }

  /** The segment with that id, or {@code null} once compaction or a clear deleted it. */
  @Nullable Segment segment(int id) {
    return segments.get(id);
  }

  /** The oldest segment that is no longer appended to, or {@code null}. */
  @Nullable Segment oldestSealed() {
    Map.Entry<Integer, Segment> oldest = segments.firstEntry();
    return oldest == null || oldest.getValue() == active ? null : oldest.getValue();
  }

  /** Bytes in all segment files. */
  long totalBytes() {
    long total = 0;
    for (Segment segment : segments.values()) {
      total += segment.size();
    }
    return total;
  }

  /**
   * Deletes a sealed segment whose live records were moved on and synced, and syncs the directory: should the
   * segment come back after a power loss, its records would be replayed again, records of keys removed since
   * among them.
   */
  void delete(Segment segment) {
    deleteFile(segment);
    DirectorySync.force(directory);
  }

  private void deleteFile(Segment segment) {
    segments.remove(segment.id());
    try {
      segment.delete();
    } catch (IOException e) {
      throw new StoreException("cannot delete " + segment.path(), e);
    }
  }

  /**
   * Starts a new segment with {@code clearRecord}, syncs it, and deletes every older segment: should the process
   * die before they are all gone, replay still forgets what came before the clear record.
   */
  void clear(ByteBuffer clearRecord) {
    synchronized (appendLock) {
      try {
        roll();
        active.append(clearRecord);
        appended += clearRecord.remaining();
        active.force();
      } catch (IOException e) {
        throw new StoreException("cannot clear the disk store in " + directory, e);
      }
      for (Segment segment : new ArrayList<>(segments.headMap(active.id()).values())) {
        deleteFile(segment);
      }
      DirectorySync.force(directory);
    }
  }

  /** Syncs and closes the files; the data stays. */
  void close() {
    synchronized (appendLock) {
      try {
        active.force();
        for (Segment segment : segments.values()) {
          segment.close();
        }
      } catch (IOException e) {
        throw new StoreException("cannot close the disk store in " + directory, e);
      }
    }
  }

  private Segment roll() throws IOException {
    Segment sealed = active;
    sealed.force();
    Segment next = newSegment(sealed.id() + 1);
    active = next;
    return next;
  }

  private Segment newSegment(int id) throws IOException {
    Segment segment = Segment.open(id, directory.resolve(Segment.fileName(id)));
    segments.put(id, segment);
    DirectorySync.force(directory);
    return segment;
  }
}
