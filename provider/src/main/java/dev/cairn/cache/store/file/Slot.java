package dev.cairn.cache.store.file;

/** Where a key's latest record lies, and when the entry expires (a touch may have changed it since). */
record Slot(int segment, int offset, int length, long deadline) {

  boolean expired(long now) {
    return deadline <= now;
  }

  Slot withDeadline(long newDeadline) {
    return new Slot(segment, offset, length, newDeadline);
  }
}
