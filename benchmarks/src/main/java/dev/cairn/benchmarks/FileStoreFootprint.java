package dev.cairn.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * Measures what the disk store costs per entry: loads N small entries ({@code key-<i>} to a 20-byte value) through
 * javax.cache in a temporary directory, then prints the heap used after a full GC and the bytes on disk; then
 * reopens the directory and prints how long rebuilding the index took and the heap after it.
 *
 * <p>Run: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar dev.cairn.benchmarks.FileStoreFootprint 1000000}.
 */
public final class FileStoreFootprint {

  private FileStoreFootprint() {
  }

  public static void main(String[] args) throws Exception {
    int entries = Integer.parseInt(args.length > 0 ? args[0] : "1000000");
    Path directory = Files.createTempDirectory("cairn-footprint");
    URI uri = URI.create("disk:" + directory.toUri().getRawPath() + "?sync=interval");
    CachingProvider provider = Caching.getCachingProvider("dev.cairn.cache.CairnCachingProvider");
    long baseline = usedHeapAfterGc();
    try {
      long start = System.nanoTime();
      CacheManager manager = provider.getCacheManager(uri, FileStoreFootprint.class.getClassLoader());
      Cache<String, String> cache = manager.createCache("footprint",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      Map<String, String> batch = new HashMap<>();
      for (int i = 0; i < entries; i++) {
        batch.put("key-" + i, String.format("value-%014d", i));
        if (batch.size() == 10_000) {
          cache.putAll(batch);
          batch.clear();
        }
      }
      cache.putAll(batch);
      batch.clear();
      double loadSeconds = (System.nanoTime() - start) / 1e9;
      long heap = usedHeapAfterGc() - baseline;
      long disk = bytes(directory);
      System.out.printf("entries %,d: loaded in %.1f s; heap %,d bytes (%.0f per entry); disk %,d bytes (%.1f per "
          + "entry)%n", entries, loadSeconds, heap, (double) heap / entries, disk, (double) disk / entries);
      manager.close();

      start = System.nanoTime();
      manager = provider.getCacheManager(uri, FileStoreFootprint.class.getClassLoader());
      cache = manager.getCache("footprint", String.class, String.class);
      String last = cache.get("key-" + (entries - 1));
      double openSeconds = (System.nanoTime() - start) / 1e9;
      long reopenedHeap = usedHeapAfterGc() - baseline;
      System.out.printf("reopened in %.1f s (index rebuilt from the log); heap %,d bytes (%.0f per entry); last "
          + "entry %s%n", openSeconds, reopenedHeap, (double) reopenedHeap / entries, last);
      manager.close();
    } finally {
      delete(directory);
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long bytes(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    }
  }

  /** Deletes a directory tree. */
  static void delete(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(file);
      }
    }
  }
}
