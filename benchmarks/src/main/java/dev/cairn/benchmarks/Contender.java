package dev.cairn.benchmarks;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.redisson.config.Config;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * The caches the benchmarks compare, by the names of the {@code provider} benchmark parameter. Each opens one cache
 * named {@value #CACHE_NAME} with a plain {@link MutableConfiguration} (no expiry, no listeners, statistics off),
 * except raw Lettuce, raw memcached and raw DynamoDB, which are no caches at all but the ceilings for the caches kept
 * in their servers.
 */
enum Contender {

  /** Cairn's memory store. */
  CAIRN_MEMORY("cairn-memory", Store.HEAP),
  /** Cairn's Redis store, on the benchmark's own redis-server. */
  CAIRN_REDIS("cairn-redis", Store.REDIS),
  /**
   * Cairn's Redis store with a near cache of {@value #NEAR_ENTRIES} entries per cache (every key of the benchmark
   * fits), on the benchmark's own redis-server.
   */
  CAIRN_REDIS_NEAR("cairn-redis-near", Store.REDIS),
  /** Cairn's disk store, in a fresh temporary directory. */
  CAIRN_FILE("cairn-file", Store.DISK),
  /** Caffeine's JCache adapter (the cache Cairn's memory store is built on). */
  CAFFEINE("caffeine", Store.HEAP),
  /** Ehcache 3's JCache provider, heap tier only. */
  EHCACHE("ehcache", Store.HEAP),
  /** Redisson's JCache provider, on the benchmark's own redis-server. */
  REDISSON("redisson", Store.REDIS),
  /** Lettuce commands with no cache layer: see {@link LettuceOperations}. */
  LETTUCE("lettuce", Store.REDIS),
  /** Cairn's memcached store, on the benchmark's own memcached. */
  CAIRN_MEMCACHED("cairn-memcached", Store.MEMCACHED),
  /** Meta-protocol commands on a plain socket, with no cache layer: see {@link MemcachedOperations}. */
  MEMCACHED("memcached", Store.MEMCACHED),
  /** Hazelcast's JCache client, every call a round trip to one member JVM: see {@link HazelcastOperations}. */
  HAZELCAST("hazelcast", Store.HAZELCAST),
  /** Hazelcast's JCache client with a near cache of {@value #NEAR_ENTRIES} entries: see {@link HazelcastOperations}. */
  HAZELCAST_NEAR("hazelcast-near", Store.HAZELCAST),
  /** Cairn's DynamoDB store, on the benchmark's own dynalite. */
  CAIRN_DYNAMODB("cairn-dynamodb", Store.DYNAMODB),
  /** The AWS SDK's own calls, with no cache layer: see {@link DynamoOperations}. */
  DYNAMODB("dynamodb", Store.DYNAMODB);

  /** Where a contender keeps its entries, which decides what a trial has to start for it. */
  enum Store { HEAP, REDIS, MEMCACHED, HAZELCAST, DYNAMODB, DISK }

  static final String CACHE_NAME = "bench";

  /** The near caches' capacity: above {@link CacheBenchmark#KEYS}, so that a warm near cache holds every key. */
  static final int NEAR_ENTRIES = 20_000;

  private final String parameterName;
  private final Store store;

  Contender(String parameterName, Store store) {
    this.parameterName = parameterName;
    this.store = store;
  }

  Store store() {
    return store;
  }

  /** The contender with this {@code provider} parameter value. */
  static Contender named(String name) {
    return Arrays.stream(values()).filter(contender -> contender.parameterName.equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown provider " + name + "; known: "
            + Arrays.stream(values()).map(c -> c.parameterName).collect(Collectors.joining(", "))));
  }

  /**
   * Opens this contender's cache.
   *
   * @param serverUri the server (Redis, memcached, dynalite or a Hazelcast member) of the contenders kept outside the
   *     process, otherwise ignored
   * @param directory an empty directory for the disk store, otherwise ignored
   * @param fileSync the disk store's {@code sync} mode ({@code always}, {@code interval}...), otherwise ignored
   * @throws IllegalArgumentException for store-by-reference on a contender that keeps values outside the heap
   */
  CacheOperations open(ValueKind kind, boolean storeByValue, String serverUri, Path directory, String fileSync) {
    if (!storeByValue && store != Store.HEAP) {
      throw new IllegalArgumentException(parameterName + " keeps entries outside the heap: store-by-value only");
    }
    MutableConfiguration<String, Object> configuration = new MutableConfiguration<String, Object>()
        .setTypes(String.class, objectType(kind.type()))
        .setStoreByValue(storeByValue);
    return switch (this) {
      case CAIRN_MEMORY -> jcache("dev.cairn.cache.CairnCachingProvider", URI.create("memory:bench"),
          configuration, kind);
      case CAIRN_REDIS -> jcache("dev.cairn.cache.CairnCachingProvider", URI.create(serverUri), configuration, kind);
      case CAIRN_REDIS_NEAR -> jcache("dev.cairn.cache.CairnCachingProvider",
          URI.create(serverUri + "?near=" + NEAR_ENTRIES), configuration, kind);
      case CAIRN_FILE -> jcache("dev.cairn.cache.CairnCachingProvider", URI.create("disk:" + directory + "?sync=" + fileSync),
          configuration, kind);
      case CAFFEINE -> jcache("com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider", null,
          configuration, kind);
      case EHCACHE -> jcache("org.ehcache.jsr107.EhcacheCachingProvider", null, configuration, kind);
      case REDISSON -> {
        Config redisson = new Config();
        redisson.useSingleServer().setAddress(serverUri);
        yield jcache("org.redisson.jcache.JCachingProvider", null,
            RedissonConfiguration.fromConfig(redisson, configuration), kind);
      }
      case LETTUCE -> new LettuceOperations(serverUri, kind);
      case CAIRN_MEMCACHED -> jcache("dev.cairn.cache.CairnCachingProvider", URI.create(serverUri), configuration,
          kind);
      case MEMCACHED -> new MemcachedOperations(serverUri, kind);
      case HAZELCAST -> HazelcastOperations.open(serverUri, configuration, kind, 0);
      case HAZELCAST_NEAR -> HazelcastOperations.open(serverUri, configuration, kind, NEAR_ENTRIES);
      case CAIRN_DYNAMODB -> jcache("dev.cairn.cache.CairnCachingProvider", URI.create(serverUri), configuration,
          kind);
      case DYNAMODB -> new DynamoOperations(serverUri, kind);
    };
  }

  @Override
  public String toString() {
    return parameterName;
  }

  private static JCacheOperations jcache(String providerClass, URI uri, Configuration<String, Object> configuration,
      ValueKind kind) {
    CachingProvider provider = Caching.getCachingProvider(providerClass);
    CacheManager manager = provider.getCacheManager(uri == null ? provider.getDefaultURI() : uri,
        Contender.class.getClassLoader());
    Cache<String, Object> cache = manager.createCache(CACHE_NAME, configuration);
    return new JCacheOperations(cache, kind, manager);
  }

  /** A cache of {@code Object} values declares its concrete value type; the benchmarks only put that type. */
  @SuppressWarnings("unchecked")
  private static Class<Object> objectType(Class<?> type) {
    return (Class<Object>) type;
  }
}
