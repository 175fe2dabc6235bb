package dev.cairn.cache.store.memcached;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A list kept in one memcached item as length-prefixed records, grown with {@code ms ... MA} (append), which is
 * atomic on the server without a compare-and-set: the key index buckets, a cache's key versions, the registry's
 * names. Lists may hold duplicates; readers de-duplicate.
 */
final class AppendedRecords {

  private AppendedRecords() {
  }

  /** One record: a 4-byte length, then the bytes. */
  static byte[] record(byte[] content) {
    return ByteBuffer.allocate(Integer.BYTES + content.length).putInt(content.length).put(content).array();
  }

  /** The records of an item's data; a truncated last record (never written by Cairn) is ignored. */
  static List<byte[]> records(byte[] data) {
    List<byte[]> records = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.wrap(data);
    while (buffer.remaining() >= Integer.BYTES) {
      int length = buffer.getInt();
      if (length < 0 || length > buffer.remaining()) {
        break;
      }
      byte[] content = new byte[length];
      buffer.get(content);
      records.add(content);
    }
    return records;
  }

  /**
   * Appends {@code content} to the list in {@code item}, creating the item when missing. Memcached 1.6.18 does
   * not create on append ({@code N} is ignored there), so a miss adds the item, and a lost race to add appends.
   */
  static void append(MetaClient client, byte[] item, byte[] content) {
    appendRecords(client, item, record(content));
  }

  /** As {@link #append}, for records already in their form ({@link #record}), one after the other. */
  static void appendRecords(MetaClient client, byte[] item, byte[] records) {
    for (int attempt = 0; attempt < 10; attempt++) {
      if (client.set(item, records, 0, 0, 'A', 0).equals("HD")
          || client.set(item, records, 0, 0, 'E', 0).equals("HD")) {
        return;
      }
    }
    throw new dev.cairn.cache.store.StoreException("memcached at " + client.description()
        + ": cannot append to a Cairn list item");
  }
}
