package dev.cairn.cache.store.file;

import dev.cairn.cache.expiry.Clock;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.MemberSets;
import dev.cairn.cache.store.Ttl;
import java.nio.ByteBuffer;
import java.util.Iterator;

/**
 * The sets of one key version of a cache on disk: a companion {@link ByteTable} of their own (directory
 * {@code <cache>~set}, see {@link DataDirectory}) that journals the heap index in {@link MemberSets}. Each member is
 * one eternal record whose key is the set's key and the member, length-prefixed, with an empty value: adding writes
 * it, removing writes a removal record, so a change costs one small record whatever the set's size, and the table's
 * log, sync modes, crash recovery and compaction apply to sets exactly as to entries. Opening replays the records
 * into the index.
 *
 * <p>Thread-safe, as {@link MemberSets}; the table's own per-key steps keep each record consistent.
 */
final class SetTable implements MemberSets.Journal {

  private static final byte[] NO_VALUE = new byte[0];

  private final ByteTable table;
  private final Clock clock;
  private final MemberSets sets;

  SetTable(ByteTable table, Clock clock) {
    this.table = table;
    this.clock = clock;
    this.sets = new MemberSets(this);
    for (Iterator<byte[]> records = table.keys(clock.millis()); records.hasNext(); ) {
      ByteBuffer record = ByteBuffer.wrap(records.next());
      byte[] key = new byte[record.getInt()];
      record.get(key);
      byte[] member = new byte[record.remaining()];
      record.get(member);
      sets.restore(key, member);
    }
  }

  /** The sets, journaled to this table. */
  MemberSets sets() {
    return sets;
  }

  ByteTable table() {
    return table;
  }

  @Override
  public void added(byte[] key, byte[] member) {
    table.write(recordKey(key, member), NO_VALUE, Condition.ANY, null, Ttl.ETERNAL, Ttl.ETERNAL, false,
        clock.millis());
  }

  @Override
  public void removed(byte[] key, byte[] member) {
    table.remove(recordKey(key, member), Condition.ANY, null, false, clock.millis());
  }

  @Override
  public void commit() {
    table.commit();
  }

  @Override
  public void cleared() {
    table.clear();
  }

  private static byte[] recordKey(byte[] key, byte[] member) {
    RecordFormat.checkSize(4L + key.length + member.length, 0);
    return ByteBuffer.allocate(4 + key.length + member.length).putInt(key.length).put(key).put(member).array();
  }
}
