package dev.cairn.cache.store.file;

import dev.cairn.cache.config.CairnConfiguration;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * The other process of the crash and lock tests, started in a child JVM by {@link ChildJvm}.
 *
 * <ul>
 *   <li>{@code write <uri> <first> [maxEntries]}: runs the {@link #key}/{@link #value} workload from operation
 *       {@code first} on, through the javax.cache API (in a cache bounded to {@code maxEntries} if given), printing
 *       each operation's number once the call has returned, until killed;</li>
 *   <li>{@code hold <uri>}: opens the directory, prints {@code locked}, and holds it until its input closes;</li>
 *   <li>{@code probe <uri>}: tries to open the directory and prints {@code locked} (then closes it) or
 *       {@code refused} (the reason on standard error).</li>
 * </ul>
 */
public final class DiskStoreChild {

  static final String CACHE = "crash";

  private DiskStoreChild() {
  }

  public static void main(String[] args) throws Exception {
    if (args[0].equals("probe")) {
      probe(URI.create(args[1]));
      return;
    }
    CacheManager manager = Caching.getCachingProvider()
        .getCacheManager(URI.create(args[1]), DiskStoreChild.class.getClassLoader());
    if (args[0].equals("hold")) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the directory until the parent closes our input
      }
      manager.close();
      return;
    }
    Cache<String, String> cache = manager.getCache(CACHE, String.class, String.class);
    if (cache == null) {
      cache = manager.createCache(CACHE, new CairnConfiguration<String, String>()
          .setMaximumSize(args.length > 3 ? Long.parseLong(args[3]) : 0).setTypes(String.class, String.class));
    }
    System.out.println("ready");
    System.out.flush();
    for (long i = Long.parseLong(args[2]); ; i++) {
      if (isRemove(i)) {
        cache.remove(key(i));
      } else {
        cache.put(key(i), value(i));
      }
      System.out.println(i);
      System.out.flush();
    }
  }

  private static void probe(URI uri) {
    CacheManager manager;
    try {
      manager = Caching.getCachingProvider().getCacheManager(uri, DiskStoreChild.class.getClassLoader());
    } catch (CacheException e) {
      System.err.println(e.getMessage());
      System.out.println("refused");
      System.out.flush();
      return;
    }
    System.out.println("locked");
    System.out.flush();
    manager.close();
  }

  /** The key operation {@code i} changes: a few hundred keys, so that values are overwritten many times. */
  static String key(long i) {
    return "k" + (i % 397);
  }

  /** Whether operation {@code i} removes its key rather than writing it. */
  static boolean isRemove(long i) {
    return i % 11 == 0;
  }

  /** The value operation {@code i} writes: mostly small, every 50th 20 KB, so that records cross buffer sizes. */
  static String value(long i) {
    return "v" + i + ":" + "x".repeat(i % 50 == 0 ? 20_000 : (int) (i % 200));
  }
}
