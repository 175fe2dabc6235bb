package dev.cairn.cache.store.file;

/**
 * Where a key's latest record lies, when the entry expires (a touch may have changed it since), and how much it was
 * used lately, which decides eviction (see {@link ByteTable}).
 *
 * <p>Equal by identity: every change to an entry puts a new slot in the index, so "is the slot I read still the
 * current one" is a question of identity. The use count is updated without synchronization: a lost update only
 * makes eviction a little less accurate.
 */
final class Slot {

  /** Uses counted at most: an entry survives this many passes of the eviction hand without being used again. */
  static final int MAX_USES = 3;

  private final int segment;
  private final int offset;
  private final int length;
  private final long deadline;
  private byte uses;

  Slot(int segment, int offset, int length, long deadline, int uses) {
    this.segment = segment;
    this.offset = offset;
    this.length = length;
    this.deadline = deadline;
    this.uses = (byte) uses;
  }

  int segment() {
    return segment;
  }

  int offset() {
    return offset;
  }

  int length() {
    return length;
  }

  long deadline() {
    return deadline;
  }

  /** Uses counted since the eviction hand last passed, at most {@link #MAX_USES}. */
  int uses() {
    return uses;
  }

  boolean expired(long now) {
    return deadline <= now;
  }

  /** The same record with another deadline, its uses kept. */
  Slot withDeadline(long newDeadline) {
    return new Slot(segment, offset, length, newDeadline, uses);
  }

  /** Counts a read or an update. */
  void use() {
    if (uses < MAX_USES) {
      uses++;
    }
  }

  /** The uses an entry written over this one starts with: one more than this one's. */
  int usesAfterUpdate() {
    return Math.min(MAX_USES, uses + 1);
  }

  /**
   * One pass of the eviction hand: an entry used since the last pass loses one use and stays; one with none left
   * is the victim.
   *
   * @return whether the entry may be evicted
   */
  boolean passed() {
    if (uses > 0) {
      uses--;
      return false;
    }
    return true;
  }

  @Override
  public String toString() {
    return "Slot[segment " + segment + ", offset " + offset + ", " + length + " bytes, deadline " + deadline + "]";
  }
}
