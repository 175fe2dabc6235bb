package dev.cairn.cache.store.file;

import dev.cairn.cache.store.file.RecordFormat.Header;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads every intact record of a segment in file order, skipping damaged ones: a record whose body fails its
 * checksum is skipped by its (verified) length; a damaged header starts a search, byte by byte, for the next
 * intact record; an intact header whose record runs past the end of the file ends the scan there (a torn tail).
 * Each skipped record, damaged stretch or torn tail counts as one dropped record.
 */
final class SegmentScan {

  /** Receives each intact record; {@code buffer} holds the whole segment. */
  interface Visitor {
    void record(int segment, int offset, Header header, ByteBuffer buffer);
  }

  /** What a scan found. */
  record Result(long validEnd, int dropped) {
  }

  private SegmentScan() {
  }

  /** Scans {@code segment}, which must not change meanwhile. */
  static Result scan(Segment segment, Visitor visitor) throws IOException {
    int end = (int) segment.size();
    if (end == 0) {
      return new Result(0, 0);
    }
    ByteBuffer buffer = segment.map();
    int position = 0;
    long validEnd = 0;
    int dropped = 0;
    while (position < end) {
      Header header = RecordFormat.header(buffer, position, end);
      if (header != null) {
        if (RecordFormat.bodyIntact(buffer, position, header)) {
          visitor.record(segment.id(), position, header, buffer);
          validEnd = (long) position + header.length();
        } else {
          dropped++;
        }
        position += header.length();
      } else if (RecordFormat.cutShort(buffer, position, end)) {
        // a torn tail: the append of this record never finished. What follows its header is its own (partial)
        // key and value, never a record, so no search there: a value holding a record image would be replayed
        // as that record
        dropped++;
        break;
      } else {
        dropped++;
        position = nextIntact(buffer, position + 1, end);
      }
    }
    return new Result(validEnd, dropped);
  }

  private static int nextIntact(ByteBuffer buffer, int from, int end) {
    for (int position = from; position < end; position++) {
      Header header = RecordFormat.header(buffer, position, end);
      if (header != null && RecordFormat.bodyIntact(buffer, position, header)) {
        return position;
      }
    }
    return end;
  }
}
