package dev.cairn.cache.store.file;

import dev.cairn.cache.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * One segment file of a cache's log: records appended at its end until it is full, then read-only until compaction
 * deletes it.
 *
 * <p>Thread-safe for positional reads and writes. A {@link FileChannel} is closed by the JDK when a thread that uses
 * it is interrupted, which would break the segment for every other thread: such a channel is reopened, the
 * interrupted caller gets a {@link StoreException}, and other callers retry.
 */
final class Segment {

  private final int id;
  private final Path path;
  private volatile FileChannel channel;
  private volatile boolean deleted;
  private volatile long size;

  private Segment(int id, Path path, FileChannel channel, long size) {
    this.id = id;
    this.path = path;
    this.channel = channel;
    this.size = size;
  }

  /** Opens (creating if needed) the segment file {@code path}. */
  static Segment open(int id, Path path) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    return new Segment(id, path, channel, channel.size());
  }

  /** The file name of segment {@code id}: ordered by name as by number. */
  static String fileName(int id) {
    return String.format("%010d.seg", id);
  }

  int id() {
    return id;
  }

  Path path() {
    return path;
  }

  /** The bytes written so far. */
  long size() {
    return size;
  }

  /** Reads {@code length} bytes at {@code offset}, or returns {@code null} if compaction deleted the segment. */
  @Nullable ByteBuffer read(int offset, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      FileChannel current = channel;
      if (deleted) {
        return null;
      }
      try {
        if (current.read(buffer, offset + buffer.position()) < 0) {
          throw new IOException("segment " + path + " ends before offset " + (offset + buffer.position()));
        }
      } catch (ClosedChannelException e) {
        if (deleted) {
          return null;
        }
        recover(current, e);
      }
    }
    return buffer.flip();
  }

  /**
   * Writes a whole record at the end; the caller serializes appends. If the write fails (the disk is full, say),
   * the part that was written is cut off again, so that the file never holds the start of a record that was not
   * acknowledged: its value could hold the image of a record that a scan would take for a real one.
   */
  void append(ByteBuffer record) throws IOException {
    long position = size;
    ByteBuffer source = record.duplicate();
    try {
      while (source.hasRemaining()) {
        FileChannel current = channel;
        try {
          current.write(source, position + source.position() - record.position());
        } catch (ClosedChannelException e) {
          recover(current, e);
        }
      }
    } catch (IOException | RuntimeException e) {
      try {
        channel.truncate(position);
      } catch (IOException cut) {
        e.addSuppressed(cut);
      }
      throw e;
    }
    size = position + record.remaining();
  }

  /** Forces written bytes to the device. */
  void force() throws IOException {
    while (true) {
      FileChannel current = channel;
      try {
        current.force(false);
        return;
      } catch (ClosedChannelException e) {
        if (deleted) {
          return;
        }
        recover(current, e);
      }
    }
  }

  /** Cuts the file after its last intact record, so that appends continue from there. */
  void truncate(long validSize) throws IOException {
    channel.truncate(validSize);
    size = validSize;
  }

  /** The file's bytes, for scanning; the file must not change meanwhile. */
  MappedByteBuffer map() throws IOException {
    return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
  }

  void close() throws IOException {
    deleted = true;
    channel.close();
  }

  /** Closes and deletes the file; readers that still hold the segment then see it as moved. */
  void delete() throws IOException {
    close();
    Files.deleteIfExists(path);
  }

  /**
   * Reopens a channel that an interrupt closed. The interrupted thread gets an exception (its own retry would only
   * be interrupted again); others retry on the new channel.
   */
  private void recover(FileChannel closed, ClosedChannelException cause) throws IOException {
    synchronized (this) {
      if (!deleted && channel == closed) {
        channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
      }
    }
    if (deleted) {
      throw new IOException("segment " + path + " was closed", cause);
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new StoreException("interrupted during I/O on " + path, cause);
    }
  }
}
