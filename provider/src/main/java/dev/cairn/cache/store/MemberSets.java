package dev.cairn.cache.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * Sets of encoded members under encoded keys, held on the heap: the set index of the stores that keep sets in this
 * JVM. The memory store uses it as it is; the disk store also writes every change to a {@link Journal} (its
 * companion log) and rebuilds the index from it with {@link #restore} when it opens. Members and keys compare by
 * their bytes.
 *
 * <p>Thread-safe. Every step on one set, reads included, runs under that set's lock (the map's per-key
 * {@code compute}), so a change of many members is atomic for readers too, and the journal records one set's changes
 * in the order they happened; sets of different keys change in parallel. {@link #clear()} waits for the changes
 * under way and holds off new ones, so that the journal never keeps a member the index forgot, or the reverse.
 */
public final class MemberSets {

  /** Where a durable store records changes; called under the set's lock, then {@link #commit()} after it. */
  public interface Journal {

    /** A journal for a store that keeps nothing: the memory store. */
    Journal NONE = new Journal() {
      @Override
      public void added(byte[] key, byte[] member) {
      }

      @Override
      public void removed(byte[] key, byte[] member) {
      }

      @Override
      public void commit() {
      }

      @Override
      public void cleared() {
      }
    };

    void added(byte[] key, byte[] member);

    void removed(byte[] key, byte[] member);

    /** Every set is gone; called while no change runs. */
    void cleared();

    /** Makes the changes recorded so far durable as the store promises; called once per step, before it returns. */
    void commit();
  }

  private final ConcurrentHashMap<ByteBuffer, Set<ByteBuffer>> sets = new ConcurrentHashMap<>();
  private final Journal journal;
  private final ReadWriteLock clearing = new ReentrantReadWriteLock();

  public MemberSets(Journal journal) {
    this.journal = journal;
  }

  /** @return how many of {@code members} were not in the set */
  public long add(byte[] key, List<byte[]> members) {
    long[] added = {0};
    RuntimeException[] failed = {null};
    changing(() -> sets.compute(ByteBuffer.wrap(key), (k, current) -> {
      Set<ByteBuffer> set = current == null ? new HashSet<>() : current;
      try {
        for (byte[] member : members) {
          if (!set.contains(ByteBuffer.wrap(member))) {
            journal.added(key, member);
            set.add(ByteBuffer.wrap(member));
            added[0]++;
          }
        }
      } catch (RuntimeException e) {
        // the members journalled before the failure stay: the index must show what a restart would replay
        failed[0] = e;
      }
      return set.isEmpty() ? null : set;
    }));
    rethrow(failed[0]);
    return added[0];
  }

  /** @return how many of {@code members} were in the set; the set goes with its last member */
  public long remove(byte[] key, List<byte[]> members) {
    long[] removed = {0};
    RuntimeException[] failed = {null};
    changing(() -> sets.computeIfPresent(ByteBuffer.wrap(key), (k, set) -> {
      try {
        for (byte[] member : members) {
          if (set.contains(ByteBuffer.wrap(member))) {
            journal.removed(key, member);
            set.remove(ByteBuffer.wrap(member));
            removed[0]++;
          }
        }
      } catch (RuntimeException e) {
        failed[0] = e;
      }
      return set.isEmpty() ? null : set;
    }));
    rethrow(failed[0]);
    return removed[0];
  }

  /** Copies of the members, in no particular order. */
  public List<byte[]> members(byte[] key) {
    List<byte[]> members = read(key, set -> {
      List<byte[]> copies = new ArrayList<>(set.size());
      set.forEach(member -> copies.add(bytes(member)));
      return copies;
    });
    return members == null ? List.of() : members;
  }

  public boolean contains(byte[] key, byte[] member) {
    return Boolean.TRUE.equals(read(key, set -> set.contains(ByteBuffer.wrap(member))));
  }

  public long size(byte[] key) {
    Integer size = read(key, Set::size);
    return size == null ? 0 : size;
  }

  /** Puts a member back while the store rebuilds the index from its journal; not journaled again. */
  public void restore(byte[] key, byte[] member) {
    sets.computeIfAbsent(ByteBuffer.wrap(key), k -> new HashSet<>()).add(ByteBuffer.wrap(member));
  }

  /** Removes every set, from the index and the journal. */
  public void clear() {
    Lock lock = clearing.writeLock();
    lock.lock();
    try {
      sets.clear();
      journal.cleared();
    } finally {
      lock.unlock();
    }
  }

  /** Runs one change, then commits the journal. */
  private void changing(Runnable change) {
    Lock lock = clearing.readLock();
    lock.lock();
    try {
      change.run();
    } finally {
      lock.unlock();
    }
    journal.commit();
  }

  /** {@code reader} of the set under {@code key}, under its lock; {@code null} if there is none. */
  private <T> T read(byte[] key, Function<Set<ByteBuffer>, T> reader) {
    Object[] result = {null};
    sets.computeIfPresent(ByteBuffer.wrap(key), (k, set) -> {
      result[0] = reader.apply(set);
      return set;
    });
    @SuppressWarnings("unchecked")
    T typed = (T) result[0];
    return typed;
  }

  private static byte[] bytes(ByteBuffer member) {
    byte[] copy = new byte[member.remaining()];
    member.duplicate().get(copy);
    return copy;
  }

  private static void rethrow(RuntimeException failure) {
    if (failure != null) {
      throw failure;
    }
  }
}
