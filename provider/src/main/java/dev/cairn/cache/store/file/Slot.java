package dev.cairn.cache.store.file;

/**
 * A copy of one entry of the {@link KeyIndex}: its key's hash, where the key's latest record lies, when the entry
 * expires (a touch may have changed it since the record was written), and how much it was used lately, which
 * decides eviction (see {@link ByteTable}). The index itself keeps these fields in arrays; a slot is what a lookup
 * hands out and what a change puts back.
 *
 * <p>"Is the entry I read still the current one" is {@link #sameRecord}: every write appends a new record (a new
 * location) and every touch sets a new deadline, while the use count changes without either.
 */
record Slot(long hash, int segment, int offset, int length, long deadline, int uses) {

  /** Uses counted at most: an entry survives this many passes of the eviction hand without being used again. */
  static final int MAX_USES = 3;

  boolean expired(long now) {
    return deadline <= now;
  }

  /** The same record with another deadline, its uses kept. */
  Slot withDeadline(long newDeadline) {
    return new Slot(hash, segment, offset, length, newDeadline, uses);
  }

  /** The same entry, its record copied to {@code location} (segment id high, offset low) by compaction. */
  Slot movedTo(long location) {
    return new Slot(hash, (int) (location >>> 32), (int) location, length, deadline, uses);
  }

  /** The uses an entry written over this one starts with: one more than this one's. */
  int usesAfterUpdate() {
    return Math.min(MAX_USES, uses + 1);
  }

  /** Whether {@code other} is this entry unchanged: the same record and deadline, whatever its uses. */
  boolean sameRecord(Slot other) {
    return other != null && segment == other.segment && offset == other.offset && deadline == other.deadline;
  }

  @Override
  public String toString() {
    return "Slot[segment " + segment + ", offset " + offset + ", " + length + " bytes, deadline " + deadline + "]";
  }
}
