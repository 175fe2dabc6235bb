package dev.cairn.cache.store.file;

import dev.cairn.cache.store.StoreException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The claim of one process on a disk store directory: an operating-system lock on {@code cairn.lock}, whose text
 * names the holder (process id, host, since when) so that a second process can say who has it. The operating
 * system releases the lock when the process dies, however it dies.
 */
final class DirectoryLock {

  static final String FILE_NAME = "cairn.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code directory} for this process.
   *
   * @throws StoreException naming the holder if another process has it
   */
  static DirectoryLock acquire(Path directory) throws IOException {
    Path file = directory.resolve(FILE_NAME);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      // this JVM holds it: DataDirectory shares one lock per directory, so only a second path to the same files
      // (a hard link) gets here
      lock = null;
    }
    if (lock == null) {
      String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
      channel.close();
      throw new StoreException("the disk store directory " + directory + " is in use by "
          + (holder.isEmpty() ? "another process" : holder) + "; only one process may open it at a time");
    }
    String me = "pid " + ProcessHandle.current().pid() + " on host " + hostName() + " since " + Instant.now();
    channel.truncate(0);
    channel.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(true);
    return new DirectoryLock(channel, lock);
  }

  /** Releases the lock; the file stays, naming the last holder. */
  void release() throws IOException {
    lock.release();
    channel.close();
  }

  private static String hostName() {
    String name = System.getenv("HOSTNAME");
    if (name != null && !name.isBlank()) {
      return name;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
