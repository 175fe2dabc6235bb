package dev.cairn.cache.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The classes one cache's application wrote: every class whose descriptor the encoder met while serializing a key
 * or value of the cache. Java serialization decodes them for that cache (see {@link JavaSerializationCodec}), so the
 * application's own classes come back without configuration, while bytes planted in the store cannot name any
 * other class.
 *
 * <p>{@link #inMemory()} is this JVM's knowledge only: a JVM that has not written a class yet reads a value of it
 * as a miss, once, until it writes one itself. {@link #persistedIn} also keeps the names in a file, one per line,
 * for a store that survives restarts in a place as trusted as the data itself (the disk store's directory). Names
 * are appended and forced to the device before the value that needs them is written. Another instance on the same
 * file (a second manager of the directory in this JVM) is read again when a name is asked for that this one does
 * not know.
 *
 * <p>Thread-safe.
 */
public final class LearnedClasses {

  private static final System.Logger LOG = System.getLogger(LearnedClasses.class.getName());
  private static final String HEADER = "# classes this cache's application wrote; Cairn's Java serialization decodes "
      + "only these and its allow-list\n";

  private final Set<String> names = ConcurrentHashMap.newKeySet();
  private final @Nullable Path file;
  /** The file's size when last read or written by this instance; guarded by {@code this}. */
  private long knownSize = -1;

  private LearnedClasses(@Nullable Path file) {
    this.file = file;
    if (file != null) {
      reload();
    }
  }

  /** Classes learned by this JVM only. */
  public static LearnedClasses inMemory() {
    return new LearnedClasses(null);
  }

  /** Classes learned by any JVM that used {@code file}, which is created with the first class learned. */
  public static LearnedClasses persistedIn(Path file) {
    return new LearnedClasses(file);
  }

  /** Whether a value of the class named {@code name} was written here. */
  public boolean contains(String name) {
    if (names.contains(name)) {
      return true;
    }
    return file != null && reload() && names.contains(name);
  }

  /**
   * Records {@code met}; returns whether any of them was new (so the caller may check once that such values read
   * back).
   */
  boolean learn(Collection<String> met) {
    if (names.containsAll(met)) {
      return false;
    }
    if (file == null) {
      return names.addAll(met);
    }
    synchronized (this) {
      reload();
      List<String> added = met.stream().filter(name -> !names.contains(name)).distinct().toList();
      if (added.isEmpty()) {
        return false;
      }
      append(file, added);
      names.addAll(added);
      return true;
    }
  }

  /** Reads the file again if it changed since; returns whether it did. */
  private synchronized boolean reload() {
    try {
      long size = Files.size(file);
      if (size == knownSize) {
        return false;
      }
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String name = line.strip();
        if (!name.isEmpty() && !name.startsWith("#")) {
          names.add(name);
        }
      }
      knownSize = size;
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot read the learned classes in " + file + ": " + e);
      return false;
    }
  }

  private void append(Path file, List<String> added) {
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND)) {
        StringBuilder text = new StringBuilder(channel.size() == 0 ? HEADER : "");
        added.forEach(name -> text.append(name).append('\n'));
        ByteBuffer buffer = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
        // not the file's size: another instance may have appended too, and its names must be read on demand
        knownSize = -1;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the classes " + added + " in " + file, e);
    }
  }

  @Override
  public String toString() {
    return file == null ? "classes learned in this JVM" : "classes learned in " + file;
  }
}
