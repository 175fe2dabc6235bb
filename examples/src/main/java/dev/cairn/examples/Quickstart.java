package dev.cairn.examples;

import java.io.Serializable;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.integration.CacheLoader;
import javax.cache.spi.CachingProvider;

/**
 * The first thing to run: plain {@code javax.cache} code that gets Cairn because it is on the class path. It uses
 * expiry, a listener, a read-through loader and an entry processor, and prints what happens.
 *
 * <p>Pass a store URI as the first argument ({@code redis://127.0.0.1:6379}, ...) to run the same code on
 * another store; without one it uses the embedded memory store.
 */
public final class Quickstart {

  public static void main(String[] args) throws Exception {
    CachingProvider provider = Caching.getCachingProvider();
    System.out.println("provider: " + provider.getClass().getName());
    URI uri = args.length > 0 ? URI.create(args[0]) : provider.getDefaultURI();
    try (CacheManager manager = provider.getCacheManager(uri, Quickstart.class.getClassLoader())) {
      // the scheme only: a store URI may carry a password (redis://user:secret@host)
      System.out.println("store:    " + manager.getURI().getScheme());

      MutableConfiguration<String, Integer> config = new MutableConfiguration<String, Integer>()
          .setTypes(String.class, Integer.class)
          .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 2)))
          .setCacheLoaderFactory(FactoryBuilder.factoryOf(new LengthLoader()))
          .setReadThrough(true)
          .setStatisticsEnabled(true)
          .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
              FactoryBuilder.factoryOf(new PrintingListener()), null, true, true));
      Cache<String, Integer> lengths = manager.createCache("word-lengths", config);

      System.out.println("\n1. put, then get");
      lengths.put("cairn", 5);
      System.out.println("   get(cairn) = " + lengths.get("cairn"));

      System.out.println("\n2. read-through: a miss calls the loader and keeps the result");
      System.out.println("   get(jcache) = " + lengths.get("jcache"));

      System.out.println("\n3. an entry processor increments atomically");
      for (int i = 0; i < 3; i++) {
        lengths.invoke("counter", (entry, arguments) -> {
          entry.setValue(entry.exists() ? entry.getValue() + 1 : 1);
          return null;
        });
      }
      System.out.println("   get(counter) = " + lengths.get("counter"));

      System.out.println("\n4. expiry: entries live 2 seconds after creation");
      Thread.sleep(2_100);
      System.out.println("   after 2.1 s, containsKey(cairn) = " + lengths.containsKey("cairn"));

      System.out.println("\n5. getAll: present entries, the rest loaded");
      Map<String, Integer> all = lengths.getAll(java.util.Set.of("a", "bb", "ccc"));
      System.out.println("   getAll = " + new java.util.TreeMap<>(all));

      manager.destroyCache("word-lengths");
      System.out.println("\ndone: cache destroyed, manager closed");
    }
  }

  /** Loads the length of the key: stands in for a database or a remote call. */
  public static final class LengthLoader implements CacheLoader<String, Integer>, Serializable {
    @Override
    public Integer load(String key) {
      System.out.println("   [loader] loading " + key);
      return key.length();
    }

    @Override
    public Map<String, Integer> loadAll(Iterable<? extends String> keys) {
      Map<String, Integer> loaded = new java.util.HashMap<>();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }

  /** Prints creations and updates as they happen (a synchronous listener). */
  public static final class PrintingListener implements CacheEntryCreatedListener<String, Integer>,
      CacheEntryUpdatedListener<String, Integer>, Serializable {
    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> events) {
      events.forEach(e -> System.out.println("   [listener] created " + e.getKey() + " = " + e.getValue()));
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> events) {
      events.forEach(e -> System.out.println("   [listener] updated " + e.getKey() + ": " + e.getOldValue()
          + " -> " + e.getValue()));
    }
  }
}
