package dev.cairn.cache.store.file;

import dev.cairn.cache.store.file.RecordFormat.Header;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rebuilds a cache's index from its log when it opens: each intact record, oldest first, overrides what came
 * before for its key; a CLEAR record forgets everything before it. Not thread-safe: one replay per open.
 */
final class IndexReplay implements SegmentScan.Visitor {

  private final long now;
  private final ConcurrentHashMap<KeyBytes, Slot> index = new ConcurrentHashMap<>();
  private long liveBytes;

  IndexReplay(long now) {
    this.now = now;
  }

  @Override
  public void record(int segment, int offset, Header header, ByteBuffer buffer) {
    if (header.type() == RecordFormat.CLEAR) {
      index.clear();
      liveBytes = 0;
      return;
    }
    KeyBytes key = new KeyBytes(RecordFormat.key(buffer, offset, header));
    Slot next = switch (header.type()) {
      case RecordFormat.PUT -> new Slot(segment, offset, header.length(), header.deadline(), 0);
      case RecordFormat.EXPIRE -> {
        Slot current = index.get(key);
        yield current == null ? null : current.withDeadline(header.deadline());
      }
      default -> null;
    };
    // an entry past its deadline stays until the end: a later EXPIRE record may give it a new one
    Slot before = next == null ? index.remove(key) : index.put(key, next);
    liveBytes += (next == null ? 0 : next.length()) - (before == null ? 0 : before.length());
  }

  /** The index rebuilt so far. */
  ConcurrentHashMap<KeyBytes, Slot> index() {
    return index;
  }

  /** The bytes of the records the index points at. */
  long liveBytes() {
    return liveBytes;
  }

  /** Drops the entries whose final deadline has passed. */
  void dropExpired() {
    index.values().removeIf(slot -> {
      if (slot.expired(now)) {
        liveBytes -= slot.length();
        return true;
      }
      return false;
    });
  }
}
