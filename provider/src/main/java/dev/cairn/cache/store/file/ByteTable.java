package dev.cairn.cache.store.file;

import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.StoreException;
import dev.cairn.cache.store.Ttl;
import dev.cairn.cache.store.file.RecordFormat.Header;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * One cache's entries as bytes: an index on the heap (each key's bytes, where its latest record lies, and its
 * deadline) over the cache's {@link CacheLog}. Values stay on disk and are read on demand.
 *
 * <p>Reclaiming space: compaction takes the oldest sealed segment, appends its still-live records to the log again,
 * syncs, and deletes the segment. Oldest first is what makes it safe to drop removal records and records of
 * removed or expired keys: no older segment remains that they would have to override on replay. Readers never
 * wait for it: a reader whose segment was just deleted looks the key up again and finds the moved record.
 *
 * <p>Bounds ({@link #bound}): over {@code maxEntries} entries or {@code maxBytes} bytes of live records, a write
 * evicts entries not used lately with a clock hand (see {@link #evictIfOver}); each eviction is a removal record,
 * so it holds across restarts, and compaction reclaims it like any dead record.
 *
 * <p>Thread-safe. Each single-key step runs inside the index's per-key {@code compute}, which also appends the
 * record, so the log's order of a key's records always agrees with the index. {@link #clear} and {@link #close}
 * exclude all other changes. Durability is the caller's: {@link #commit()} after a write.
 */
final class ByteTable {

  private static final System.Logger LOG = System.getLogger(ByteTable.class.getName());

  /** What a conditional write or remove found and did; {@code previous} only when asked for. */
  record Outcome(boolean applied, boolean existed, byte[] previous) {
  }

  /** Told about entries dropped on the table's own account; {@code value} is {@code null} if it could not be read. */
  interface Observer {
    /** An entry was found past its deadline and dropped. */
    void expired(byte[] key, byte[] value);

    /** An entry was evicted to keep the table within its bounds. */
    void evicted(byte[] key, byte[] value);
  }

  /** Read results that are not values: compared by identity. */
  private static final byte[] MOVED = new byte[0];
  private static final byte[] DAMAGED = new byte[0];
  private static final byte[] NO_VALUE = new byte[0];

  private final String name;
  private final CacheLog log;
  private final ConcurrentHashMap<KeyBytes, Slot> index;
  private final AtomicLong liveBytes;
  private final AtomicLong damaged;
  private final ReentrantReadWriteLock structure = new ReentrantReadWriteLock();
  /** Held by the one compaction that may run at a time (see {@link #compactOldest}). */
  private final Lock compaction = new ReentrantLock();
  private final List<Observer> observers = new CopyOnWriteArrayList<>();
  private final ReentrantLock evicting = new ReentrantLock();
  /** The eviction hand: where the last eviction stopped in the index's order; guarded by {@link #evicting}. */
  private Iterator<KeyBytes> hand;
  private volatile long maxEntries;
  private volatile long maxBytes;
  private volatile boolean closed;

  private ByteTable(String name, CacheLog log, ConcurrentHashMap<KeyBytes, Slot> index, long liveBytes) {
    this.name = name;
    this.log = log;
    this.index = index;
    this.liveBytes = new AtomicLong(liveBytes);
    this.damaged = new AtomicLong(log.droppedOnOpen());
  }

  /**
   * Opens the table in {@code directory}, rebuilding the index from the log; entries past their deadline at
   * {@code now} are left out, damaged records are dropped, counted and logged.
   */
  static ByteTable open(String name, Path directory, SyncMode syncMode, long segmentSize, long now)
      throws IOException {
    IndexReplay replay = new IndexReplay(now);
    CacheLog log = CacheLog.open(directory, syncMode, segmentSize, replay);
    replay.dropExpired();
    ByteTable table = new ByteTable(name, log, replay.index(), replay.liveBytes());
    if (log.droppedOnOpen() > 0) {
      LOG.log(System.Logger.Level.WARNING, "disk store cache {0} in {1}: dropped {2} damaged or torn record(s) "
          + "on open", name, directory, log.droppedOnOpen());
    }
    return table;
  }

  /** Damaged records dropped so far: on open, and since (found by reads or compaction). */
  long damagedRecords() {
    return damaged.get();
  }

  /** Live entries, including expired ones not yet noticed. */
  int size() {
    return index.size();
  }

  /**
   * Bounds the table: at most {@code entries} entries and {@code bytes} bytes of live records (header, key and
   * value); {@code 0} leaves that bound off. Evicts at once if the table is over the new bounds. Managers that share
   * the table share its bounds: the last one set applies.
   */
  void bound(long entries, long bytes, long now) {
    this.maxEntries = entries;
    this.maxBytes = bytes;
    evictIfOver(now);
  }

  /** Bytes of the records the index points at: what {@code maxBytes} bounds. */
  long liveBytes() {
    return liveBytes.get();
  }

  void addObserver(Observer observer) {
    observers.add(observer);
  }

  void removeObserver(Observer observer) {
    observers.remove(observer);
  }

  /** The value of a live entry, touched with {@code touchTtl} unless {@link Ttl#UNCHANGED}; {@code null} if none. */
  byte[] get(byte[] key, long touchTtl, long now) {
    ensureOpen();
    KeyBytes k = new KeyBytes(key);
    while (true) {
      Slot slot = index.get(k);
      if (slot == null) {
        return null;
      }
      if (slot.expired(now)) {
        expireLazily(k, slot);
        return null;
      }
      byte[] value = read(slot);
      if (value == MOVED && !slot.equals(index.get(k))) {
        continue;
      }
      if (value == MOVED || value == DAMAGED) {
        dropDamaged(k, slot);
        return null;
      }
      slot.use();
      if (touchTtl != Ttl.UNCHANGED) {
        touch(k, slot, touchTtl, now);
      }
      return value;
    }
  }

  /** The deadline of the live entry for {@code key} ({@code RecordFormat.ETERNAL}: none), or {@code 0} if none. */
  long deadline(byte[] key, long now) {
    ensureOpen();
    Slot slot = index.get(new KeyBytes(key));
    return slot == null || slot.expired(now) ? 0 : slot.deadline();
  }

  boolean contains(byte[] key, long now) {
    ensureOpen();
    KeyBytes k = new KeyBytes(key);
    Slot slot = index.get(k);
    if (slot != null && slot.expired(now)) {
      expireLazily(k, slot);
      return false;
    }
    return slot != null;
  }

  /**
   * Writes {@code value} if the entry satisfies {@code condition}; {@code expected} is the bytes a value
   * condition compares with (see {@link Condition#expectedBytes}).
   */
  Outcome write(byte[] key, byte[] value, Condition condition, byte[] expected, long ttlIfAbsent,
      long ttlIfPresent, boolean wantPrevious, long now) {
    KeyBytes k = new KeyBytes(key);
    Step step = new Step(now, wantPrevious || expected != null);
    locked(() -> index.compute(k, (key1, found) -> replaced(found, step.write(key1, found, value, condition,
        expected, ttlIfAbsent, ttlIfPresent))));
    Outcome outcome = step.finish(k, wantPrevious);
    evictIfOver(now);
    return outcome;
  }

  /** Removes the entry if it satisfies {@code condition}. */
  Outcome remove(byte[] key, Condition condition, byte[] expected, boolean wantPrevious, long now) {
    KeyBytes k = new KeyBytes(key);
    Step step = new Step(now, wantPrevious || expected != null);
    locked(() -> index.computeIfPresent(k, (key1, found) -> {
      Slot live = step.live(found);
      if (live == null || !step.test(condition, expected)) {
        return replaced(found, live);
      }
      appendRemoval(key1.bytes());
      step.applied = true;
      return replaced(found, null);
    }));
    return step.finish(k, wantPrevious);
  }

  /** Gives a live entry a new time to live ({@code 0} removes it); returns whether it existed. */
  boolean expire(byte[] key, long ttl, long now) {
    if (ttl == Ttl.UNCHANGED) {
      return contains(key, now);
    }
    KeyBytes k = new KeyBytes(key);
    Step step = new Step(now, false);
    locked(() -> index.computeIfPresent(k, (key1, found) -> replaced(found, step.expire(key1, found, ttl))));
    return step.finish(k, false).existed();
  }

  /** The keys of live entries, weakly consistent; expired entries met on the way are dropped and reported. */
  Iterator<byte[]> keys(long now) {
    ensureOpen();
    return index.entrySet().stream().filter(entry -> {
      if (entry.getValue().expired(now)) {
        expireLazily(entry.getKey(), entry.getValue());
        return false;
      }
      return true;
    }).map(entry -> entry.getKey().bytes()).iterator();
  }

  /** Removes every entry: a durable clear record, then the old segments go. */
  void clear() {
    Lock lock = structure.writeLock();
    lock.lock();
    try {
      ensureOpen();
      index.clear();
      liveBytes.set(0);
      log.clear(RecordFormat.encode(RecordFormat.CLEAR, new byte[0], null, RecordFormat.ETERNAL));
    } finally {
      lock.unlock();
    }
  }

  /** Applies the sync mode to what was written; call once after one or many writes. */
  void commit() {
    log.commit();
  }

  /** Syncs everything written so far. */
  void flush() {
    if (!closed) {
      log.flush();
    }
  }

  /**
   * Compacts the oldest sealed segment if dead records (overwritten, removed, expired) fill more than half of the
   * log; returns whether it did.
   */
  boolean compactIfWasteful(long now) {
    long total = log.totalBytes();
    if (closed || (total - liveBytes.get()) * 2 < total || log.oldestSealed() == null) {
      return false;
    }
    compactOldest(now);
    return true;
  }

  /**
   * Moves the live records of the oldest sealed segment to the end of the log and deletes it. One compaction at a
   * time (the maintenance thread, or a caller that wants space now): two would both take the same oldest segment,
   * and one would read it while the other deletes it.
   */
  void compactOldest(long now) {
    List<byte[][]> expired = new ArrayList<>();
    Lock lock = structure.readLock();
    compaction.lock();
    lock.lock();
    try {
      Segment oldest = closed ? null : log.oldestSealed();
      if (oldest == null) {
        return;
      }
      SegmentScan.Result scan = SegmentScan.scan(oldest, (segment, offset, header, buffer) -> {
        if (header.type() == RecordFormat.PUT) {
          KeyBytes k = new KeyBytes(RecordFormat.key(buffer, offset, header));
          index.computeIfPresent(k, (key, found) -> replaced(found,
              move(key, found, segment, offset, header, buffer, now, expired)));
        }
      });
      if (scan.dropped() > 0) {
        // live records the scan could not read (damaged since they were written) must not outlive their segment
        damaged.addAndGet(scan.dropped());
        index.forEach((key, slot) -> {
          if (slot.segment() == oldest.id() && index.remove(key, slot)) {
            liveBytes.addAndGet(-slot.length());
          }
        });
        LOG.log(System.Logger.Level.WARNING, "disk store cache {0}: compaction dropped {1} damaged record(s) in {2}",
            name, scan.dropped(), oldest.path());
      }
      log.flush();
      log.delete(oldest);
    } catch (IOException e) {
      throw new StoreException("cannot compact the disk store of cache " + name, e);
    } finally {
      lock.unlock();
      compaction.unlock();
    }
    expired.forEach(entry -> notifyExpired(entry[0], entry[1]));
  }

  /** Syncs and closes the files. */
  void close() {
    Lock lock = structure.writeLock();
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        log.close();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The new slot of a record compaction finds in its segment: moved, dropped if expired, or left if stale. */
  private Slot move(KeyBytes key, Slot found, int segment, int offset, Header header, ByteBuffer buffer, long now,
      List<byte[][]> expired) {
    if (found.segment() != segment || found.offset() != offset) {
      return found;
    }
    if (found.expired(now)) {
      expired.add(new byte[][] {key.bytes(), RecordFormat.value(buffer, offset, header)});
      return null;
    }
    if (found.deadline() == header.deadline()) {
      // unchanged since written: copy the record's bytes as they are
      long location = log.append(buffer.duplicate().limit(offset + header.length()).position(offset));
      return new Slot((int) (location >>> 32), (int) location, header.length(), found.deadline(), found.uses());
    }
    return append(RecordFormat.PUT, key.bytes(), RecordFormat.value(buffer, offset, header), found.deadline(),
        found.uses());
  }

  /** Appends a removal record for {@code key}. */
  private void appendRemoval(byte[] key) {
    append(RecordFormat.REMOVE, key, null, RecordFormat.ETERNAL, 0);
  }

  private Slot append(byte type, byte[] key, byte[] value, long deadline, int uses) {
    ByteBuffer record = RecordFormat.encode(type, key, value, deadline);
    int length = record.remaining();
    long location = log.append(record);
    return new Slot((int) (location >>> 32), (int) location, length, deadline, uses);
  }

  /** Reads a slot's value: its bytes, {@link #MOVED} if its segment is gone, {@link #DAMAGED} if unreadable. */
  private byte[] read(Slot slot) {
    Segment segment = log.segment(slot.segment());
    if (segment == null) {
      return MOVED;
    }
    ByteBuffer buffer;
    try {
      buffer = segment.read(slot.offset(), slot.length());
    } catch (IOException e) {
      throw new StoreException("cannot read " + segment.path() + " of cache " + name, e);
    }
    if (buffer == null) {
      return MOVED;
    }
    Header header = RecordFormat.header(buffer, 0, slot.length());
    if (header == null || header.type() != RecordFormat.PUT || !RecordFormat.bodyIntact(buffer, 0, header)) {
      return DAMAGED;
    }
    return RecordFormat.value(buffer, 0, header);
  }

  private void touch(KeyBytes k, Slot slot, long ttl, long now) {
    locked(() -> index.computeIfPresent(k, (key, found) -> {
      if (!found.equals(slot)) {
        // a concurrent write replaced the entry: the touch must not undo it
        return found;
      }
      long deadline = ttl == 0 ? now : deadline(now, ttl, found);
      try {
        if (ttl == 0) {
          appendRemoval(key.bytes());
          return replaced(found, null);
        }
        append(RecordFormat.EXPIRE, key.bytes(), null, deadline, 0);
      } catch (StoreException e) {
        // the read has its value; a touch that cannot be recorded (the disk is full) still applies while the
        // process lives, so that reads keep working. Only a restart can bring the earlier deadline back
        return found.withDeadline(deadline);
      }
      return found.withDeadline(deadline);
    }));
  }

  private boolean over() {
    long entries = maxEntries;
    long bytes = maxBytes;
    return (entries > 0 && index.size() > entries) || (bytes > 0 && liveBytes.get() > bytes);
  }

  /**
   * Evicts entries until the table is within its bounds: a clock hand walks the index in its own (hash) order, takes
   * one use from each entry it passes and evicts the first one with none left (GCLOCK). Reads and updates add
   * uses, up to {@link Slot#MAX_USES}, and a new entry starts with one, so an entry read often survives several
   * passes and a new one at least one. Each eviction writes a removal record, so evicted entries stay evicted
   * after a restart; compaction reclaims their records. One thread evicts at a time; a writer that finds another
   * one evicting leaves the work to it.
   */
  private void evictIfOver(long now) {
    if (!over() || !evicting.tryLock()) {
      return;
    }
    try {
      while (!closed && over()) {
        if (hand == null || !hand.hasNext()) {
          hand = index.keySet().iterator();
          if (!hand.hasNext()) {
            return;
          }
        }
        KeyBytes k = hand.next();
        Slot slot = index.get(k);
        if (slot == null) {
          continue;
        }
        if (slot.expired(now)) {
          expireLazily(k, slot);
        } else if (slot.passed()) {
          evict(k, slot);
        }
      }
    } catch (StoreException e) {
      // a removal record could not be written (the disk is full, say): the write that got here has been stored
      // and must not fail now; the table stays over its bounds until the next write tries again
    } finally {
      evicting.unlock();
    }
  }

  private void evict(KeyBytes k, Slot slot) {
    byte[][] evicted = new byte[1][];
    locked(() -> index.computeIfPresent(k, (key, found) -> {
      if (found != slot) {
        // written since the hand passed it: in use
        return found;
      }
      byte[] value = read(found);
      appendRemoval(key.bytes());
      evicted[0] = value == MOVED || value == DAMAGED ? NO_VALUE : value;
      return replaced(found, null);
    }));
    if (evicted[0] != null) {
      for (Observer observer : observers) {
        observer.evicted(k.bytes(), evicted[0] == NO_VALUE ? null : evicted[0]);
      }
    }
  }

  private void expireLazily(KeyBytes k, Slot slot) {
    if (index.remove(k, slot)) {
      liveBytes.addAndGet(-slot.length());
      byte[] value = read(slot);
      notifyExpired(k.bytes(), value == MOVED || value == DAMAGED ? null : value);
    }
  }

  private void dropDamaged(KeyBytes k, Slot slot) {
    if (index.remove(k, slot)) {
      liveBytes.addAndGet(-slot.length());
      damaged.incrementAndGet();
      LOG.log(System.Logger.Level.WARNING, "disk store cache {0}: dropped an entry whose record is damaged "
          + "(segment {1}, offset {2})", name, slot.segment(), slot.offset());
    }
  }

  private void notifyExpired(byte[] key, byte[] value) {
    for (Observer observer : observers) {
      observer.expired(key, value);
    }
  }

  /** Keeps the live byte count (which decides when to compact) in step with an index change. */
  private Slot replaced(Slot before, Slot after) {
    long delta = (after == null ? 0 : after.length()) - (before == null ? 0 : before.length());
    if (delta != 0) {
      liveBytes.addAndGet(delta);
    }
    return after;
  }

  private void locked(Supplier<?> step) {
    Lock lock = structure.readLock();
    lock.lock();
    try {
      ensureOpen();
      step.get();
    } finally {
      lock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the disk store of cache " + name + " is closed");
    }
  }

  private static long deadline(long now, long ttl, Slot current) {
    return Ttl.deadline(now, ttl, current == null ? RecordFormat.ETERNAL : current.deadline());
  }

  /** One single-key step's findings, carried out of the index's compute. */
  private final class Step {
    private final long now;
    private final boolean needValue;
    boolean applied;
    boolean existed;
    byte[] current;
    Slot expired;
    Slot damagedSlot;

    Step(long now, boolean needValue) {
      this.now = now;
      this.needValue = needValue;
    }

    /** The live slot, or {@code null} when absent, expired or unreadable; reads the value if needed. */
    Slot live(Slot found) {
      if (found == null) {
        return null;
      }
      if (found.expired(now)) {
        expired = found;
        return null;
      }
      if (needValue) {
        // inside the key's compute the record cannot move, so MOVED as well as DAMAGED means unreadable
        byte[] value = read(found);
        if (value == MOVED || value == DAMAGED) {
          damagedSlot = found;
          return null;
        }
        current = value;
      }
      existed = true;
      return found;
    }

    boolean test(Condition condition, byte[] expected) {
      if (expected != null) {
        return existed && Arrays.equals(current, expected);
      }
      return condition.test(existed ? Boolean.TRUE : null);
    }

    Slot write(KeyBytes key, Slot found, byte[] value, Condition condition, byte[] expected, long ttlIfAbsent,
        long ttlIfPresent) {
      Slot live = live(found);
      if (!test(condition, expected)) {
        return live;
      }
      long ttl = live == null ? ttlIfAbsent : ttlIfPresent;
      if (ttl == 0) {
        applied = live != null;
        if (live != null) {
          appendRemoval(key.bytes());
        }
        return null;
      }
      applied = true;
      // a new entry gets one use, so that it survives at least one pass of the eviction hand
      return append(RecordFormat.PUT, key.bytes(), value, deadline(now, ttl, live),
          live == null ? 1 : live.usesAfterUpdate());
    }

    Slot expire(KeyBytes key, Slot found, long ttl) {
      Slot live = live(found);
      if (live == null) {
        return null;
      }
      if (ttl == 0) {
        appendRemoval(key.bytes());
        return null;
      }
      long deadline = deadline(now, ttl, live);
      append(RecordFormat.EXPIRE, key.bytes(), null, deadline, 0);
      return live.withDeadline(deadline);
    }

    /** Reports what the step dropped on the way, and the outcome. */
    Outcome finish(KeyBytes k, boolean wantPrevious) {
      if (expired != null) {
        byte[] value = read(expired);
        notifyExpired(k.bytes(), value == MOVED || value == DAMAGED ? null : value);
      }
      if (damagedSlot != null) {
        damaged.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "disk store cache {0}: dropped an entry whose record is damaged "
            + "(segment {1}, offset {2})", name, damagedSlot.segment(), damagedSlot.offset());
      }
      return new Outcome(applied, existed, wantPrevious ? current : null);
    }
  }
}
