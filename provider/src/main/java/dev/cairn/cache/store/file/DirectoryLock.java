package dev.cairn.cache.store.file;

import dev.cairn.cache.store.StoreException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The claim of one process on a disk store directory: an operating-system lock on {@code cairn.lock}, whose text
 * names the holder (process id, host, since when) so that a second process can say who has it. The operating
 * system releases the lock when the process dies, however it dies.
 *
 * <p>Within the process, the lock is a POSIX record lock, and POSIX drops every lock a process holds on a file as
 * soon as the process closes <em>any</em> descriptor of that file. So once a copy of Cairn holds the lock, no code
 * in this JVM may open (and later close) the lock file: a second copy of Cairn, loaded by another class loader
 * (two web applications, plugins), that tried the lock and closed the file would silently hand the directory to
 * the next process. Each copy therefore first registers a JVM-wide {@link DirectoryClaim} on the directory, and
 * only the copy whose claim succeeds opens the file; the claim is given up only after the lock is released and the file
 * closed.
 */
final class DirectoryLock {

  static final String FILE_NAME = "cairn.lock";

  private final FileChannel channel;
  private final FileLock lock;
  private final DirectoryClaim claim;

  private DirectoryLock(FileChannel channel, FileLock lock, DirectoryClaim claim) {
    this.channel = channel;
    this.lock = lock;
    this.claim = claim;
  }

  /**
   * Locks {@code directory} for this process.
   *
   * @throws StoreException naming the holder if another process, or another copy of Cairn in this one, has it
   */
  static DirectoryLock acquire(Path directory) throws IOException {
    Path file = directory.resolve(FILE_NAME);
    String me = "pid " + ProcessHandle.current().pid() + " on host " + hostName() + " since " + Instant.now();
    DirectoryClaim claim = DirectoryClaim.register(directory, me);
    FileChannel channel = null;
    boolean keepOpen = false;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        // this JVM holds the lock without our claim: through another path to the same directory (a bind mount), or
        // by a copy of Cairn older than claims. Closing this channel would drop that lock, so it stays open
        keepOpen = true;
        throw new StoreException("the disk store directory " + directory + " is in use by this process (pid "
            + ProcessHandle.current().pid() + "), through another path to it or by an older copy of Cairn; only "
            + "one copy of Cairn per process may open a directory, through one path", e);
      }
      if (lock == null) {
        // another process holds it (in this JVM tryLock throws instead), so closing our channel drops nothing
        String holder = read(channel);
        throw new StoreException("the disk store directory " + directory + " is in use by "
            + (holder.isEmpty() ? "another process" : holder) + "; only one process may open it at a time");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      return new DirectoryLock(channel, lock, claim);
    } catch (IOException | RuntimeException e) {
      try {
        if (channel != null && !keepOpen) {
          channel.close();
        }
      } finally {
        claim.release();
      }
      throw e;
    }
  }

  /** Releases the lock, closes the file, then gives up the claim; the file stays, naming the last holder. */
  void release() throws IOException {
    try {
      try {
        lock.release();
      } finally {
        channel.close();
      }
    } finally {
      claim.release();
    }
  }

  private static String read(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
      // read what the holder wrote
    }
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
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
