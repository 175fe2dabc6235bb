package dev.cairn.cache.store.file;

import dev.cairn.cache.store.CacheRegistry;
import dev.cairn.cache.store.StoreException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The caches of a disk store directory and their settings, in {@code caches.properties} (cache name to
 * descriptor), so that {@code getCache} after a restart finds a cache with its configuration. Each change rewrites
 * the file whole and renames it into place, so a crash leaves the old or the new version, never a mix; a file that
 * cannot be read is logged and ignored rather than stopping the directory from opening.
 *
 * <p>Thread-safe.
 */
final class FileCacheRegistry implements CacheRegistry {

  static final String FILE_NAME = "caches.properties";

  private static final System.Logger LOG = System.getLogger(FileCacheRegistry.class.getName());

  private final Path directory;
  private final Path file;
  private final Map<String, String> descriptors = new LinkedHashMap<>();

  FileCacheRegistry(Path directory) {
    this.directory = directory;
    this.file = directory.resolve(FILE_NAME);
    if (Files.exists(file)) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
        properties.stringPropertyNames().forEach(name -> descriptors.put(name, properties.getProperty(name)));
      } catch (IOException | IllegalArgumentException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot read the cache registry " + file + "; caches must be created "
            + "again", e);
      }
    }
  }

  @Override
  public synchronized String register(String cacheName, String descriptor) {
    String recorded = descriptors.putIfAbsent(cacheName, descriptor);
    if (recorded != null) {
      return recorded;
    }
    save();
    return descriptor;
  }

  @Override
  public synchronized @Nullable String lookup(String cacheName) {
    return descriptors.get(cacheName);
  }

  @Override
  public synchronized Set<String> names() {
    return new LinkedHashSet<>(descriptors.keySet());
  }

  @Override
  public synchronized void unregister(String cacheName) {
    if (descriptors.remove(cacheName) != null) {
      save();
    }
  }

  private void save() {
    Properties properties = new Properties();
    properties.putAll(descriptors);
    Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
    try {
      try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
        properties.store(writer, "Cairn disk store: cache name = settings");
      }
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      DirectorySync.force(directory);
    } catch (IOException e) {
      throw new StoreException("cannot write the cache registry " + file, e);
    }
  }
}
