package dev.cairn.cache.store.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Makes changes to a directory's entries (a file or directory created, renamed or deleted in it) durable, by an
 * {@code fsync} of the directory itself: syncing a file makes its bytes durable, not its name. Without it, a power
 * loss can bring back a deleted segment or undo a rename even though the operation had returned.
 *
 * <p>Thread-safe.
 */
final class DirectorySync {

  /** Told of each directory after it was synced; for tests, which cannot otherwise see an {@code fsync}. */
  static volatile Consumer<Path> observer = directory -> { };

  private DirectorySync() {
  }

  /** Syncs {@code directory} (on Linux; elsewhere opening a directory may fail, harmlessly). */
  static void force(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // not every platform can open a directory as a channel; the entry is then as durable as the platform makes it
    }
    observer.accept(directory);
  }

  /** Creates {@code directory} and any missing parent, syncing the parent of each one it creates. */
  static void createDirectories(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    Path parent = directory.toAbsolutePath().getParent();
    if (parent != null) {
      createDirectories(parent);
    }
    try {
      Files.createDirectory(directory);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(directory)) {
        throw e;
      }
      return; // created meanwhile by another thread, which syncs the parent
    }
    if (parent != null) {
      force(parent);
    }
  }
}
