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
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * One cache's entries as bytes: an index on the heap ({@link KeyIndex}: each key's hash, where its latest record
 * lies, its deadline) over the cache's {@link CacheLog}. Keys and values stay on disk: a lookup reads the records
 * of the entries with the key's hash and compares their keys with it.
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
 * <p>Thread-safe. Each single-key step runs inside the index's {@code compute} (under the lock of the key's stripe),
 * which also appends the record, so the log's order of a key's records always agrees with the index. Reads copy
 * the candidates from the index and read their records without a lock; a reader whose record compaction moved
 * meanwhile looks again. {@link #clear} and {@link #close} exclude all other changes. Durability is the caller's:
 * {@link #commit()} after a write.
 */
final class ByteTable {

  private static final System.Logger LOG = System.getLogger(ByteTable.class.getName());

  /** What a conditional write or remove found and did; {@code previous} only when asked for. */
  record Outcome(boolean applied, boolean existed, byte @Nullable [] previous) {
  }

  /** Told about entries dropped on the table's own account. */
  interface Observer {
    /** An entry was found past its deadline and dropped; {@code value} is {@code null} if it could not be read. */
    void expired(byte[] key, byte @Nullable [] value);

    /** An entry was evicted to keep the table within its bounds. */
    void evicted(byte[] key, byte[] value);
  }

  private final String name;
  private final CacheLog log;
  private final KeyIndex index;
  private final ToLongFunction<byte[]> hasher;
  private final AtomicLong liveBytes;
  private final AtomicLong damaged;
  private final ReentrantReadWriteLock structure = new ReentrantReadWriteLock();
  /** Held by the one compaction that may run at a time (see {@link #compactOldest}). */
  private final Lock compaction = new ReentrantLock();
  private final List<Observer> observers = new CopyOnWriteArrayList<>();
  private final ReentrantLock evicting = new ReentrantLock();
  /**
   * The eviction hand: a stripe of the index, where its round of the stripe started, and how far it went; guarded
   * by {@link #evicting}.
   */
  private int handStripe;
  private int handStart = -1;
  private int handStep;
  private volatile long maxEntries;
  private volatile long maxBytes;
  private volatile boolean closed;

  private ByteTable(String name, CacheLog log, IndexReplay replay, ToLongFunction<byte[]> hasher) {
    this.name = name;
    this.log = log;
    this.index = replay.index();
    this.hasher = hasher;
    this.liveBytes = new AtomicLong(replay.liveBytes());
    this.damaged = new AtomicLong(log.droppedOnOpen());
  }

  /**
   * Opens the table in {@code directory}, rebuilding the index from the log; entries past their deadline at
   * {@code now} are left out, damaged records are dropped, counted and logged.
   */
  static ByteTable open(String name, Path directory, SyncMode syncMode, long segmentSize, long now)
      throws IOException {
    return open(name, directory, syncMode, segmentSize, now, KeyIndex::hash);
  }

  /** As {@link #open(String, Path, SyncMode, long, long)}, hashing keys with {@code hasher} (tests force collisions). */
  static ByteTable open(String name, Path directory, SyncMode syncMode, long segmentSize, long now,
      ToLongFunction<byte[]> hasher) throws IOException {
    IndexReplay replay = new IndexReplay(now, hasher);
    CacheLog log = CacheLog.open(directory, syncMode, segmentSize, replay);
    replay.dropExpired();
    ByteTable table = new ByteTable(name, log, replay, hasher);
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
  byte @Nullable [] get(byte[] key, long touchTtl, long now) {
    ensureOpen();
    long hash = hasher.applyAsLong(key);
    search:
    while (true) {
      for (Slot slot : index.candidates(hash, true)) {
        LogRecord record = read(slot);
        if (record.moved() && !index.holds(slot)) {
          continue search;
        }
        if (record.unreadable()) {
          dropDamaged(slot);
        } else if (record.holds(key)) {
          byte[] value = record.value();
          if (slot.expired(now)) {
            expireLazily(slot, key, value);
            return null;
          }
          if (touchTtl != Ttl.UNCHANGED) {
            touch(key, slot, touchTtl, now);
          }
          return value;
        }
      }
      return null;
    }
  }

  /** The deadline of the live entry for {@code key} ({@code RecordFormat.ETERNAL}: none), or {@code 0} if none. */
  long deadline(byte[] key, long now) {
    ensureOpen();
    Slot slot = find(key);
    return slot == null || slot.expired(now) ? 0 : slot.deadline();
  }

  boolean contains(byte[] key, long now) {
    ensureOpen();
    Slot slot = find(key);
    if (slot != null && slot.expired(now)) {
      LogRecord record = read(slot);
      expireLazily(slot, key, record.unreadable() ? null : record.value());
      return false;
    }
    return slot != null;
  }

  /**
   * Writes {@code value} if the entry satisfies {@code condition}; {@code expected} is the bytes a value
   * condition compares with (see {@link Condition#expectedBytes}).
   */
  Outcome write(byte[] key, byte[] value, Condition condition, byte @Nullable [] expected, long ttlIfAbsent,
      long ttlIfPresent, boolean wantPrevious, long now) {
    Step step = new Step(key, now, wantPrevious || expected != null);
    locked(() -> index.compute(step.hash, step::check, found -> replaced(found, step.write(found, value, condition,
        expected, ttlIfAbsent, ttlIfPresent))));
    Outcome outcome = step.finish(wantPrevious);
    evictIfOver(now);
    return outcome;
  }

  /** Removes the entry if it satisfies {@code condition}. */
  Outcome remove(byte[] key, Condition condition, byte @Nullable [] expected, boolean wantPrevious, long now) {
    Step step = new Step(key, now, wantPrevious || expected != null);
    locked(() -> index.compute(step.hash, step::check, found -> {
      Slot live = step.live(found);
      if (live == null || !step.test(condition, expected)) {
        return replaced(found, live);
      }
      appendRemoval(key);
      step.applied = true;
      return replaced(found, null);
    }));
    return step.finish(wantPrevious);
  }

  /** Gives a live entry a new time to live ({@code 0} removes it); returns whether it existed. */
  boolean expire(byte[] key, long ttl, long now) {
    if (ttl == Ttl.UNCHANGED) {
      return contains(key, now);
    }
    Step step = new Step(key, now, false);
    locked(() -> index.compute(step.hash, step::check, found -> replaced(found, step.expire(found, ttl))));
    return step.finish(false).existed();
  }

  /**
   * The keys of live entries, weakly consistent; expired entries met on the way are dropped and reported. Each
   * key is read back from its record, one stripe of the index at a time.
   */
  Iterator<byte[]> keys(long now) {
    ensureOpen();
    return new Iterator<>() {
      private int stripe;
      private Iterator<byte[]> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && stripe < KeyIndex.STRIPES) {
          current = stripeKeys(stripe++, now).iterator();
        }
        return current.hasNext();
      }

      @Override
      public byte[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
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
          byte[] key = RecordFormat.key(buffer, offset, header);
          index.computeAt(hasher.applyAsLong(key), segment, offset, found -> replaced(found,
              move(key, found, offset, header, buffer, now, expired)));
        }
      });
      if (scan.dropped() > 0) {
        // live records the scan could not read (damaged since they were written) must not outlive their segment
        damaged.addAndGet(scan.dropped());
        index.removeIf(slot -> {
          if (slot.segment() == oldest.id()) {
            liveBytes.addAndGet(-slot.length());
            return true;
          }
          return false;
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

  /** The new slot of a live record compaction finds in its segment: moved, or dropped if expired. */
  private @Nullable Slot move(byte[] key, Slot found, int offset, Header header, ByteBuffer buffer, long now,
      List<byte[][]> expired) {
    if (found.expired(now)) {
      expired.add(new byte[][] {key, RecordFormat.value(buffer, offset, header)});
      return null;
    }
    if (found.deadline() == header.deadline()) {
      // unchanged since written: copy the record's bytes as they are
      return found.movedTo(log.append(buffer.duplicate().limit(offset + header.length()).position(offset)));
    }
    return append(found.hash(), RecordFormat.PUT, key, RecordFormat.value(buffer, offset, header), found.deadline(),
        found.uses());
  }

  /**
   * The slot of {@code key}'s entry, or {@code null}: reads the header and key of each candidate with the key's
   * hash. Candidates whose records are damaged are dropped on the way.
   */
  private @Nullable Slot find(byte[] key) {
    long hash = hasher.applyAsLong(key);
    search:
    while (true) {
      for (Slot slot : index.candidates(hash, false)) {
        LogRecord record = readKey(slot, key.length);
        if (record.moved() && !index.holds(slot)) {
          continue search;
        }
        if (record.unreadable()) {
          dropDamaged(slot);
        } else if (record.holds(key)) {
          return slot;
        }
      }
      return null;
    }
  }

  /**
   * The keys of one stripe's live entries, read from their records. Should compaction move a record meanwhile,
   * the stripe is read again holding its lock, so that no record can move. Expired entries are reported after the
   * lock is let go.
   */
  private List<byte[]> stripeKeys(int stripe, long now) {
    List<byte[][]> expired = new ArrayList<>();
    List<byte[]> keys = stripeKeys(index.entries(stripe), now, expired);
    if (keys == null) {
      keys = index.locked(stripe, () -> stripeKeys(index.entries(stripe), now, expired));
    }
    expired.forEach(entry -> notifyExpired(entry[0], entry[1]));
    return keys;
  }

  /**
   * The keys of {@code slots}; damaged ones are dropped, expired ones dropped and added to {@code expired}.
   * {@code null} if a record moved.
   */
  private @Nullable List<byte[]> stripeKeys(List<Slot> slots, long now, List<byte[][]> expired) {
    List<byte[]> keys = new ArrayList<>(slots.size());
    for (Slot slot : slots) {
      LogRecord record = read(slot);
      if (record.moved() && !index.holds(slot)) {
        return null;
      }
      if (record.unreadable()) {
        dropDamaged(slot);
      } else if (!slot.expired(now)) {
        keys.add(record.key());
      } else if (removeUnchanged(slot)) {
        liveBytes.addAndGet(-slot.length());
        expired.add(new byte[][] {record.key(), record.value()});
      }
    }
    return keys;
  }

  /** Appends a removal record for {@code key}. */
  private void appendRemoval(byte[] key) {
    log.append(RecordFormat.encode(RecordFormat.REMOVE, key, null, RecordFormat.ETERNAL));
  }

  private Slot append(long hash, byte type, byte[] key, byte @Nullable [] value, long deadline, int uses) {
    ByteBuffer record = RecordFormat.encode(type, key, value, deadline);
    int length = record.remaining();
    long location = log.append(record);
    return new Slot(hash, (int) (location >>> 32), (int) location, length, deadline, uses);
  }

  /** Reads a slot's whole record and verifies it. */
  private LogRecord read(Slot slot) {
    return LogRecord.read(log, name, slot);
  }

  private LogRecord readKey(Slot slot, int keyLength) {
    return LogRecord.readKey(log, name, slot, keyLength);
  }

  private void touch(byte[] key, Slot slot, long ttl, long now) {
    locked(() -> index.computeAt(slot.hash(), slot.segment(), slot.offset(), found -> {
      if (!found.sameRecord(slot)) {
        // a concurrent touch changed the entry: this one must not undo it
        return found;
      }
      long deadline = ttl == 0 ? now : deadline(now, ttl, found);
      try {
        if (ttl == 0) {
          appendRemoval(key);
          return replaced(found, null);
        }
        append(found.hash(), RecordFormat.EXPIRE, key, null, deadline, 0);
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
   * Evicts entries until the table is within its bounds: a clock hand walks the index's arrays, stripe by stripe,
   * takes one use from each entry it passes and evicts the first one with none left (GCLOCK). Reads and updates
   * add uses, up to {@link Slot#MAX_USES}, and a new entry starts with one, so an entry read often survives several
   * passes and a new one at least one. Each eviction writes a removal record, so evicted entries stay evicted
   * after a restart; compaction reclaims their records. One thread evicts at a time; a writer that finds another
   * one evicting leaves the work to it.
   */
  private void evictIfOver(long now) {
    if (!over() || !evicting.tryLock()) {
      return;
    }
    try {
      while (!closed && over() && index.size() > 0) {
        if (handStart < 0) {
          handStart = index.handStart(handStripe);
          handStep = 0;
        }
        Slot slot = index.pass(handStripe, handStart, handStep, now);
        if (KeyIndex.isEnd(slot)) {
          handStripe = (handStripe + 1) % KeyIndex.STRIPES;
          handStart = -1;
        } else if (slot == null || !(slot.expired(now) ? expireAtHand(slot) : slot.uses() == 0 && evict(slot))) {
          // nothing removed here: the hand moves on (a removal moves the next entry into this position)
          handStep++;
        }
      }
    } catch (StoreException e) {
      // a removal record could not be written (the disk is full, say): the write that got here has been stored
      // and must not fail now; the table stays over its bounds until the next write tries again
    } finally {
      evicting.unlock();
    }
  }

  /** Evicts {@code slot}'s entry unless it changed since the hand passed it; returns whether it was removed. */
  private boolean evict(Slot slot) {
    @Nullable LogRecord[] evicted = new LogRecord[1];
    boolean[] removed = new boolean[1];
    locked(() -> index.computeAt(slot.hash(), slot.segment(), slot.offset(), found -> {
      if (!found.sameRecord(slot)) {
        // touched since the hand passed it: in use
        return found;
      }
      removed[0] = true;
      // under the stripe's lock the record cannot move, so unreadable means damaged: its key is unknown, so it is
      // dropped as damaged rather than evicted
      LogRecord record = read(found);
      if (record.unreadable()) {
        countDamaged(found);
        return null;
      }
      appendRemoval(record.key());
      evicted[0] = record;
      return replaced(found, null);
    }));
    LogRecord victim = evicted[0];
    if (victim != null) {
      byte[] key = victim.key();
      byte[] value = victim.value();
      for (Observer observer : observers) {
        observer.evicted(key, value);
      }
    }
    return removed[0];
  }

  /** Drops the expired entry the hand found; returns whether it is gone. */
  private boolean expireAtHand(Slot slot) {
    LogRecord record = read(slot);
    if (record.moved()) {
      return false;
    }
    if (record.unreadable()) {
      return dropDamaged(slot);
    }
    return expireLazily(slot, record.key(), record.value());
  }

  private boolean expireLazily(Slot slot, byte[] key, byte @Nullable [] value) {
    if (removeUnchanged(slot)) {
      liveBytes.addAndGet(-slot.length());
      notifyExpired(key, value);
      return true;
    }
    return false;
  }

  private boolean dropDamaged(Slot slot) {
    if (removeUnchanged(slot)) {
      countDamaged(slot);
      return true;
    }
    return false;
  }

  /** Counts a damaged record whose slot leaves the index (the caller removes it). */
  private void countDamaged(Slot slot) {
    liveBytes.addAndGet(-slot.length());
    damaged.incrementAndGet();
    LOG.log(System.Logger.Level.WARNING, "disk store cache {0}: dropped an entry whose record is damaged "
        + "(segment {1}, offset {2})", name, slot.segment(), slot.offset());
  }

  /** Removes {@code slot}'s entry if it is unchanged; the live byte count is the caller's. */
  private boolean removeUnchanged(Slot slot) {
    boolean[] removed = new boolean[1];
    index.computeAt(slot.hash(), slot.segment(), slot.offset(), found -> {
      removed[0] = found.sameRecord(slot);
      return removed[0] ? null : found;
    });
    return removed[0];
  }

  private void notifyExpired(byte[] key, byte @Nullable [] value) {
    for (Observer observer : observers) {
      observer.expired(key, value);
    }
  }

  /** Keeps the live byte count (which decides when to compact) in step with an index change. */
  private @Nullable Slot replaced(@Nullable Slot before, @Nullable Slot after) {
    long delta = (after == null ? 0L : after.length()) - (before == null ? 0L : before.length());
    if (delta != 0) {
      liveBytes.addAndGet(delta);
    }
    return after;
  }

  private void locked(Runnable step) {
    Lock lock = structure.readLock();
    lock.lock();
    try {
      ensureOpen();
      step.run();
    } finally {
      lock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the disk store of cache " + name + " is closed");
    }
  }

  private static long deadline(long now, long ttl, @Nullable Slot current) {
    return Ttl.deadline(now, ttl, current == null ? RecordFormat.ETERNAL : current.deadline());
  }

  /** One single-key step's findings, carried out of the index's compute. */
  private final class Step {
    private final byte[] key;
    private final long hash;
    private final long now;
    private final boolean needValue;
    boolean applied;
    boolean existed;
    byte @Nullable [] current;
    @Nullable Slot expired;

    Step(byte[] key, long now, boolean needValue) {
      this.key = key;
      this.hash = hasher.applyAsLong(key);
      this.now = now;
      this.needValue = needValue;
    }

    /**
     * Whether a candidate is the key's entry, read under its stripe's lock (so the record cannot move, and
     * unreadable means damaged); keeps the value if the step needs it.
     */
    KeyIndex.Match check(Slot candidate) {
      LogRecord record = needValue ? read(candidate) : readKey(candidate, key.length);
      if (record.unreadable()) {
        countDamaged(candidate);
        return KeyIndex.Match.DAMAGED;
      }
      if (!record.holds(key)) {
        return KeyIndex.Match.OTHER;
      }
      if (needValue) {
        current = record.value();
      }
      return KeyIndex.Match.SAME;
    }

    /** The live slot, or {@code null} when absent or expired. */
    @Nullable Slot live(@Nullable Slot found) {
      if (found == null) {
        return null;
      }
      if (found.expired(now)) {
        expired = found;
        current = null;
        return null;
      }
      existed = true;
      return found;
    }

    boolean test(Condition condition, byte @Nullable [] expected) {
      if (expected != null) {
        return existed && Arrays.equals(current, expected);
      }
      return condition.test(existed ? Boolean.TRUE : null);
    }

    @Nullable Slot write(@Nullable Slot found, byte[] value, Condition condition, byte @Nullable [] expected,
        long ttlIfAbsent, long ttlIfPresent) {
      Slot live = live(found);
      if (!test(condition, expected)) {
        return live;
      }
      long ttl = live == null ? ttlIfAbsent : ttlIfPresent;
      if (ttl == 0) {
        applied = live != null;
        if (live != null) {
          appendRemoval(key);
        }
        return null;
      }
      applied = true;
      // a new entry gets one use, so that it survives at least one pass of the eviction hand
      return append(hash, RecordFormat.PUT, key, value, deadline(now, ttl, live),
          live == null ? 1 : live.usesAfterUpdate());
    }

    @Nullable Slot expire(@Nullable Slot found, long ttl) {
      Slot live = live(found);
      if (live == null) {
        return null;
      }
      if (ttl == 0) {
        appendRemoval(key);
        return null;
      }
      long deadline = deadline(now, ttl, live);
      append(hash, RecordFormat.EXPIRE, key, null, deadline, 0);
      return live.withDeadline(deadline);
    }

    /** Reports what the step dropped on the way, and the outcome. */
    Outcome finish(boolean wantPrevious) {
      if (expired != null) {
        LogRecord record = read(expired);
        notifyExpired(key, record.unreadable() ? null : record.value());
      }
      return new Outcome(applied, existed, wantPrevious ? current : null);
    }
  }
}
