package dev.cairn.cache.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cache.CairnCache;
import dev.cairn.cache.CairnCachingProvider;
import dev.cairn.cache.store.StoreUnavailableException;
import dev.cairn.cache.store.redis.RedisServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A cache's store calls as a listener hears them: which operation, how long, and what failed. */
class StoreCallsTest {

  private record Call(StoreOperation operation, long nanos, RuntimeException failure) {
  }

  private final CairnCachingProvider provider = new CairnCachingProvider();
  private final List<Call> heard = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    provider.close();
  }

  private Cache<String, String> cache(URI store) {
    return provider.getCacheManager(store, getClass().getClassLoader())
        .createCache("calls", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  private AutoCloseable listen(Cache<String, String> cache) {
    return cache.unwrap(CairnCache.class).storeCalls()
        .listen((operation, nanos, failure) -> heard.add(new Call(operation, nanos, failure)));
  }

  private List<StoreOperation> operations() {
    return heard.stream().map(Call::operation).toList();
  }

  @Test
  void eachCacheOperationIsHeardAsTheStoreCallsItMadeUntilTheListenerStops() throws Exception {
    Cache<String, String> cache = cache(URI.create("memory:store-calls"));
    cache.put("before", "unheard");

    AutoCloseable listening = listen(cache);
    cache.put("k", "v");
    assertThat(cache.get("k")).isEqualTo("v");
    assertThat(cache.containsKey("k")).isTrue();
    cache.putAll(Map.of("a", "1", "b", "2"));
    assertThat(cache.getAll(Set.of("a", "b"))).hasSize(2);
    cache.removeAll(Set.of("a", "b"));
    assertThat(cache.remove("k")).isTrue();
    cache.clear();

    assertThat(operations()).containsExactly(StoreOperation.WRITE, StoreOperation.GET,
        StoreOperation.CONTAINS_KEY, StoreOperation.PUT_ALL, StoreOperation.GET_ALL, StoreOperation.REMOVE_ALL,
        StoreOperation.REMOVE, StoreOperation.CLEAR);
    assertThat(heard).allSatisfy(call -> {
      assertThat(call.nanos()).isPositive();
      assertThat(call.failure()).isNull();
    });

    listening.close();
    cache.put("after", "unheard");
    assertThat(heard).hasSize(8);
  }

  @Test
  void callsToAStoppedServerAreHeardWithTheirFailureAlsoOnceTheCircuitIsOpen() throws Exception {
    try (RedisServer server = RedisServer.start()) {
      Cache<String, String> cache = cache(server.uri("timeout=500ms&prefix=calls"));
      listen(cache);
      cache.put("k", "v");
      server.stop();

      for (int i = 0; i < 5; i++) {
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheException.class);
      }

      assertThat(heard.get(0)).extracting(Call::operation, Call::failure).containsExactly(StoreOperation.WRITE, null);
      List<Call> failed = heard.subList(1, heard.size());
      assertThat(failed).hasSize(5).allSatisfy(call -> {
        assertThat(call.operation()).isEqualTo(StoreOperation.GET);
        assertThat(call.failure()).isInstanceOf(StoreUnavailableException.class);
      });
      assertThat(failed.get(4).failure()).as("not sent: the circuit opened after 3").hasMessageContaining("circuit");
    }
  }
}
