package dev.cairn.benchmarks;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.cache.HazelcastClientCachingProvider;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.CacheConfig;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.core.HazelcastInstance;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * Hazelcast's JCache client against one {@link HazelcastMember}, with or without a near cache: the contender the
 * near cache issue names. Like with like:
 * <ul>
 *   <li>Both near caches hold every key of the benchmark ({@link Contender#NEAR_ENTRIES}), evict least recently used
 *       and are invalidated by the server on a change.</li>
 *   <li>Hazelcast's near cache keeps {@link InMemoryFormat#OBJECT}: a hit returns the stored instance, as Cairn's
 *       does for an immutable {@code String}; for {@code byte[]} Cairn copies on each hit and Hazelcast does not, so
 *       the byte[] figures favour Hazelcast.</li>
 *   <li>The member caps a cache created from a plain JCache configuration at 10,000 entries; the cache here is
 *       created with a {@link CacheConfig} whose entry-count bound holds every key, so both contenders serve every
 *       key from their server.</li>
 * </ul>
 */
final class HazelcastOperations {

  private HazelcastOperations() {
  }

  /**
   * Connects a client to the member at {@code memberUri} ({@code hazelcast://127.0.0.1:<port>}) and opens the
   * benchmark cache through Hazelcast's client caching provider.
   *
   * @param nearEntries the near cache's capacity, {@code 0} for none
   */
  static CacheOperations open(String memberUri, MutableConfiguration<String, Object> configuration, ValueKind kind,
      int nearEntries) {
    URI member = URI.create(memberUri);
    ClientConfig config = new ClientConfig().setClusterName(HazelcastMember.CLUSTER_NAME);
    config.setProperty("hazelcast.logging.type", "none");
    config.getNetworkConfig().addAddress(member.getHost() + ":" + member.getPort());
    if (nearEntries > 0) {
      config.addNearCacheConfig(new NearCacheConfig(Contender.CACHE_NAME)
          .setInMemoryFormat(InMemoryFormat.OBJECT)
          .setInvalidateOnChange(true)
          .setEvictionConfig(bound(nearEntries)));
    }
    HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
    CachingProvider provider = new HazelcastClientCachingProvider();
    try {
      CacheManager manager = provider.getCacheManager(provider.getDefaultURI(), HazelcastOperations.class.getClassLoader(),
          HazelcastCachingProvider.propertiesByInstanceItself(client));
      CacheConfig<String, Object> cacheConfig = new CacheConfig<>(configuration);
      cacheConfig.setEvictionConfig(bound(4 * CacheBenchmark.KEYS));
      Cache<String, Object> cache = manager.createCache(Contender.CACHE_NAME, cacheConfig);
      return new JCacheOperations(cache, kind, () -> {
        try {
          provider.close();
        } finally {
          client.shutdown();
        }
      });
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  private static EvictionConfig bound(int entries) {
    return new EvictionConfig().setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT).setSize(entries)
        .setEvictionPolicy(EvictionPolicy.LRU);
  }
}
