package dev.cairn.cache.store.file;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The heap index of a {@link ByteTable}: per entry, a hash of its key, where its latest record lies (segment and
 * offset), the record's length, the entry's deadline and its use count, kept in primitive arrays. The keys stay on
 * disk: keys with the same hash are told apart by a {@link KeyCheck} that compares the key with the candidate's
 * record.
 *
 * <p>Layout: {@value #STRIPES} stripes, each an open-addressing table (linear probing, deletion by shifting the
 * following entries back, so no tombstones) with its own lock. The top bits of the 64-bit hash pick the stripe;
 * its low 32 bits are stored and pick the home position. An array slot costs 25 bytes (int hash, long location, int
 * length, long deadline, byte uses); a stripe grows by half when it is 80% full, so an entry costs 31 to 47 bytes.
 *
 * <p>Thread-safe. Every method holds the stripe's lock while it runs, including the checks and steps it calls,
 * which may read records and append to the log. The lock is reentrant: a step may look up its own stripe again.
 */
final class KeyIndex {

  private static final int STRIPE_BITS = 6;
  static final int STRIPES = 1 << STRIPE_BITS;
  private static final int INITIAL_CAPACITY = 8;

  /** What {@link #pass} returns past a stripe's last position. */
  static final Slot END = new Slot(0, 0, 0, 0, 0, 0);

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Whether a candidate's record is the key's, as a {@link KeyCheck} finds it. */
  enum Match {
    /** The record holds the key. */
    SAME,
    /** The record holds another key with the same hash. */
    OTHER,
    /** The record cannot be read: the index drops the candidate (the check accounts for it). */
    DAMAGED
  }

  /** Compares a key with a candidate's record; runs under the stripe's lock. */
  interface KeyCheck {
    Match check(Slot candidate);
  }

  private final Stripe[] stripes = new Stripe[STRIPES];
  private final AtomicInteger size = new AtomicInteger();

  KeyIndex() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe(i);
    }
  }

  /** Whether {@link #pass} returned {@link #END}. */
  @SuppressWarnings("ReferenceEquality") // END is a sentinel: only identity tells it apart from a slot
  static boolean isEnd(@Nullable Slot slot) {
    return slot == END;
  }

  /** The default hash of a key's bytes: 64 well-mixed bits. */
  static long hash(byte[] key) {
    long h = 0x9E3779B97F4A7C15L ^ key.length;
    int i = 0;
    for (; i + 8 <= key.length; i += 8) {
      h = Long.rotateLeft(h ^ (long) LONGS.get(key, i) * 0xC2B2AE3D27D4EB4FL, 31) * 0x9E3779B97F4A7C15L;
    }
    for (; i < key.length; i++) {
      h = Long.rotateLeft(h ^ (key[i] & 0xffL) * 0xC2B2AE3D27D4EB4FL, 31) * 0x9E3779B97F4A7C15L;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    return h ^ (h >>> 33);
  }

  /** Entries in the index. */
  int size() {
    return size.get();
  }

  /**
   * Copies of the entries whose stored hash is {@code hash}'s (usually none or one), oldest first; counts each as
   * used if {@code use}. Which of them, if any, is the key's is for the caller to find out.
   */
  List<Slot> candidates(long hash, boolean use) {
    Stripe stripe = stripe(hash);
    stripe.lock();
    try {
      List<Slot> found = List.of();
      int stored = (int) hash;
      for (int position = stripe.home(stored); stripe.lengths[position] != 0; position = stripe.next(position)) {
        if (stripe.hashes[position] == stored) {
          if (found.isEmpty()) {
            found = new ArrayList<>(1);
          }
          found.add(stripe.slot(position));
          if (use && stripe.uses[position] < Slot.MAX_USES) {
            stripe.uses[position]++;
          }
        }
      }
      return found;
    } finally {
      stripe.unlock();
    }
  }

  /**
   * Finds the entry {@code check} says is the key's and replaces it with what {@code step} returns for it
   * ({@code null} in, if there is none): {@code null} out removes it (or adds nothing), a slot adds or replaces it.
   * Candidates the check finds {@link Match#DAMAGED} are removed on the way. If the step throws, nothing changes.
   */
  void compute(long hash, KeyCheck check, UnaryOperator<Slot> step) {
    Stripe stripe = stripe(hash);
    stripe.lock();
    try {
      int stored = (int) hash;
      int position = stripe.home(stored);
      while (stripe.lengths[position] != 0) {
        if (stripe.hashes[position] == stored) {
          Match match = check.check(stripe.slot(position));
          if (match == Match.SAME) {
            stripe.replace(position, step.apply(stripe.slot(position)));
            return;
          }
          if (match == Match.DAMAGED) {
            stripe.remove(position);
            // the entries after it may have moved back: look from the start again
            position = stripe.home(stored);
            continue;
          }
        }
        position = stripe.next(position);
      }
      Slot added = step.apply(null);
      if (added != null) {
        stripe.add(added);
      }
    } finally {
      stripe.unlock();
    }
  }

  /**
   * Replaces the entry whose record lies at {@code segment} and {@code offset} with what {@code step} returns for
   * it, as {@link #compute} does; does nothing if no entry points there.
   */
  void computeAt(long hash, int segment, int offset, UnaryOperator<Slot> step) {
    Stripe stripe = stripe(hash);
    stripe.lock();
    try {
      int position = stripe.find((int) hash, location(segment, offset));
      if (position >= 0) {
        stripe.replace(position, step.apply(stripe.slot(position)));
      }
    } finally {
      stripe.unlock();
    }
  }

  /** Whether an entry still points at {@code slot}'s record. */
  boolean holds(Slot slot) {
    Stripe stripe = stripe(slot.hash());
    stripe.lock();
    try {
      return stripe.find((int) slot.hash(), location(slot.segment(), slot.offset())) >= 0;
    } finally {
      stripe.unlock();
    }
  }

  /**
   * Where the eviction hand starts its round of stripe {@code stripe}: a free position. A round that started
   * inside a run of entries could meet one of them twice, as removals shift entries back across the array's end.
   */
  int handStart(int stripe) {
    Stripe target = stripes[stripe];
    target.lock();
    try {
      int position = 0;
      while (target.lengths[position] != 0) {
        position++;
      }
      return position;
    } finally {
      target.unlock();
    }
  }

  /**
   * One step of the eviction hand: the {@code step}th position of stripe {@code stripe} from {@code start} (see
   * {@link #handStart}). Returns {@link #END} once the round is done, {@code null} for an empty position, else a
   * copy of the entry there, whose use count (the copy keeps the one before) is taken down by one unless it is
   * expired at {@code now} or has none left.
   */
  @Nullable Slot pass(int stripe, int start, int step, long now) {
    Stripe target = stripes[stripe];
    target.lock();
    try {
      int capacity = target.lengths.length;
      if (step >= capacity) {
        return END;
      }
      int position = (int) (((long) start + step) % capacity);
      if (target.lengths[position] == 0) {
        return null;
      }
      Slot slot = target.slot(position);
      if (!slot.expired(now) && slot.uses() > 0) {
        target.uses[position]--;
      }
      return slot;
    } finally {
      target.unlock();
    }
  }

  /** Copies of stripe {@code stripe}'s entries, in its order. */
  List<Slot> entries(int stripe) {
    Stripe target = stripes[stripe];
    target.lock();
    try {
      List<Slot> entries = new ArrayList<>(target.count);
      for (int position = 0; position < target.lengths.length; position++) {
        if (target.lengths[position] != 0) {
          entries.add(target.slot(position));
        }
      }
      return entries;
    } finally {
      target.unlock();
    }
  }

  /** Runs {@code action} holding stripe {@code stripe}'s lock, so that its entries do not change meanwhile. */
  <T> T locked(int stripe, Supplier<T> action) {
    Stripe target = stripes[stripe];
    target.lock();
    try {
      return action.get();
    } finally {
      target.unlock();
    }
  }

  /**
   * Removes the entries {@code test} accepts, one stripe at a time. The test may see an entry it rejected twice
   * (removals shift entries), so it must give the same answer again.
   */
  void removeIf(Predicate<Slot> test) {
    for (Stripe stripe : stripes) {
      stripe.lock();
      try {
        int position = 0;
        while (position < stripe.lengths.length) {
          if (stripe.lengths[position] != 0 && test.test(stripe.slot(position))) {
            // the entry after it may have moved into this position
            stripe.remove(position);
          } else {
            position++;
          }
        }
      } finally {
        stripe.unlock();
      }
    }
  }

  /** Removes every entry and gives the arrays' memory back. */
  void clear() {
    for (Stripe stripe : stripes) {
      stripe.lock();
      try {
        size.addAndGet(-stripe.count);
        stripe.allocate(INITIAL_CAPACITY);
      } finally {
        stripe.unlock();
      }
    }
  }

  private Stripe stripe(long hash) {
    return stripes[(int) (hash >>> (64 - STRIPE_BITS))];
  }

  private static long location(int segment, int offset) {
    return ((long) segment << 32) | (offset & 0xffffffffL);
  }

  /** One open-addressing table; the lock guards every field. */
  private final class Stripe extends ReentrantLock {

    private final long hashBits;
    private int[] hashes;
    private long[] locations;
    /** A record is never empty (it has a header), so {@code 0} marks a free position. */
    private int[] lengths;
    private long[] deadlines;
    private byte[] uses;
    private int count;

    Stripe(int index) {
      this.hashBits = (long) index << (64 - STRIPE_BITS);
      allocate(INITIAL_CAPACITY);
    }

    void allocate(int capacity) {
      hashes = new int[capacity];
      locations = new long[capacity];
      lengths = new int[capacity];
      deadlines = new long[capacity];
      uses = new byte[capacity];
      count = 0;
    }

    /** Where probing for {@code stored} starts: the hash scaled to the capacity (any capacity works). */
    int home(int stored) {
      return (int) (((stored & 0xffffffffL) * lengths.length) >>> 32);
    }

    int next(int position) {
      return position + 1 == lengths.length ? 0 : position + 1;
    }

    /** The position of the entry with that hash and location, or {@code -1}. */
    int find(int stored, long location) {
      for (int position = home(stored); lengths[position] != 0; position = next(position)) {
        if (hashes[position] == stored && locations[position] == location) {
          return position;
        }
      }
      return -1;
    }

    Slot slot(int position) {
      long location = locations[position];
      return new Slot(hashBits | (hashes[position] & 0xffffffffL), (int) (location >>> 32), (int) location,
          lengths[position], deadlines[position], uses[position]);
    }

    void replace(int position, Slot slot) {
      if (slot == null) {
        remove(position);
      } else {
        put(position, slot);
      }
    }

    void add(Slot slot) {
      if ((count + 1) * 5L > lengths.length * 4L) {
        grow();
      }
      int position = home((int) slot.hash());
      while (lengths[position] != 0) {
        position = next(position);
      }
      put(position, slot);
      count++;
      size.incrementAndGet();
    }

    private void put(int position, Slot slot) {
      hashes[position] = (int) slot.hash();
      locations[position] = location(slot.segment(), slot.offset());
      lengths[position] = slot.length();
      deadlines[position] = slot.deadline();
      uses[position] = (byte) slot.uses();
    }

    /** Empties {@code position} and moves back the entries after it that probing would no longer find. */
    void remove(int position) {
      int hole = position;
      for (int next = next(hole); lengths[next] != 0; next = next(next)) {
        int home = home(hashes[next]);
        boolean homeAfterHole = hole <= next ? hole < home && home <= next : hole < home || home <= next;
        if (!homeAfterHole) {
          move(next, hole);
          hole = next;
        }
      }
      lengths[hole] = 0;
      count--;
      size.decrementAndGet();
    }

    private void move(int from, int to) {
      hashes[to] = hashes[from];
      locations[to] = locations[from];
      lengths[to] = lengths[from];
      deadlines[to] = deadlines[from];
      uses[to] = uses[from];
    }

    private void grow() {
      int[] oldHashes = hashes;
      long[] oldLocations = locations;
      int[] oldLengths = lengths;
      long[] oldDeadlines = deadlines;
      byte[] oldUses = uses;
      int entries = count;
      allocate(Math.min(Integer.MAX_VALUE - 8, oldLengths.length + (oldLengths.length >> 1)));
      count = entries;
      for (int from = 0; from < oldLengths.length; from++) {
        if (oldLengths[from] != 0) {
          int to = home(oldHashes[from]);
          while (lengths[to] != 0) {
            to = next(to);
          }
          hashes[to] = oldHashes[from];
          locations[to] = oldLocations[from];
          lengths[to] = oldLengths[from];
          deadlines[to] = oldDeadlines[from];
          uses[to] = oldUses[from];
        }
      }
    }
  }
}
