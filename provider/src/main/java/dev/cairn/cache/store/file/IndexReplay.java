package dev.cairn.cache.store.file;

import dev.cairn.cache.store.file.RecordFormat.Header;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Rebuilds a cache's index from its log when it opens: each intact record, oldest first, overrides what came
 * before for its key; a CLEAR record forgets everything before it. Keys with the same hash are told apart by
 * comparing with the keys in the segments already scanned, which it keeps mapped until the replay is done. Not
 * thread-safe: one replay per open.
 */
final class IndexReplay implements SegmentScan.Visitor {

  private final long now;
  private final ToLongFunction<byte[]> hasher;
  private final KeyIndex index = new KeyIndex();
  /** The scanned segments' bytes, by segment id: every slot points at an intact record in one of them. */
  private final Map<Integer, ByteBuffer> segments = new HashMap<>();
  private long liveBytes;

  IndexReplay(long now, ToLongFunction<byte[]> hasher) {
    this.now = now;
    this.hasher = hasher;
  }

  @Override
  public void record(int segment, int offset, Header header, ByteBuffer buffer) {
    segments.putIfAbsent(segment, buffer);
    if (header.type() == RecordFormat.CLEAR) {
      index.clear();
      liveBytes = 0;
      return;
    }
    byte[] key = RecordFormat.key(buffer, offset, header);
    long hash = hasher.applyAsLong(key);
    ByteBuffer wanted = ByteBuffer.wrap(key);
    index.compute(hash, candidate -> holds(candidate, wanted), current -> {
      Slot next = switch (header.type()) {
        case RecordFormat.PUT -> new Slot(hash, segment, offset, header.length(), header.deadline(), 0);
        case RecordFormat.EXPIRE -> current == null ? null : current.withDeadline(header.deadline());
        default -> null;
      };
      // an entry past its deadline stays until the end: a later EXPIRE record may give it a new one
      liveBytes += (next == null ? 0 : next.length()) - (current == null ? 0 : current.length());
      return next;
    });
  }

  /** The index rebuilt; ends the replay. */
  KeyIndex index() {
    segments.clear();
    return index;
  }

  /** The bytes of the records the index points at. */
  long liveBytes() {
    return liveBytes;
  }

  /** Drops the entries whose final deadline has passed. */
  void dropExpired() {
    index.removeIf(slot -> {
      if (slot.expired(now)) {
        liveBytes -= slot.length();
        return true;
      }
      return false;
    });
  }

  private KeyIndex.Match holds(Slot candidate, ByteBuffer key) {
    // a candidate comes from a record replayed before, whose segment stays mapped until the replay is done
    ByteBuffer record = Objects.requireNonNull(segments.get(candidate.segment()), "segment not mapped");
    int start = candidate.offset() + RecordFormat.HEADER;
    boolean same = record.getInt(candidate.offset() + 2) == key.remaining()
        && record.slice(start, key.remaining()).equals(key);
    return same ? KeyIndex.Match.SAME : KeyIndex.Match.OTHER;
  }
}
