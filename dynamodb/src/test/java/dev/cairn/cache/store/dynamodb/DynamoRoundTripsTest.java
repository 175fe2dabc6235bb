package dev.cairn.cache.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCachingProvider;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DynamoDB requests each JCache call sends, counted by {@link RoundTripCounter} on a cache with the default
 * (eternal) expiry and no listeners: the numbers docs/dynamodb.md reports. A change that adds a round trip fails here.
 */
class DynamoRoundTripsTest {

  @RegisterExtension
  static final DynaliteServerExtension server = new DynaliteServerExtension();

  private static CairnCachingProvider provider;
  private static Cache<String, String> cache;

  @BeforeAll
  static void open() {
    provider = new CairnCachingProvider();
    CacheManager manager = provider.getCacheManager(server.uri("prefix=trips"), DynamoRoundTripsTest.class
        .getClassLoader());
    cache = manager.createCache("trips",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  @AfterAll
  static void close() {
    provider.close();
  }

  private static Map<String, Integer> sent(Runnable call) {
    RoundTripCounter.takeCounts();
    call.run();
    return RoundTripCounter.takeCounts();
  }

  @Test
  void singleKeyCalls() {
    assertThat(sent(() -> cache.put("k", "v1"))).isEqualTo(Map.of("UpdateItem", 1));
    assertThat(sent(() -> cache.put("k", "v2"))).isEqualTo(Map.of("UpdateItem", 1));
    assertThat(sent(() -> cache.get("k"))).isEqualTo(Map.of("GetItem", 1));
    assertThat(sent(() -> cache.get("missing"))).isEqualTo(Map.of("GetItem", 1));
    assertThat(sent(() -> cache.containsKey("k"))).isEqualTo(Map.of("GetItem", 1));
    assertThat(sent(() -> cache.putIfAbsent("k", "v3"))).isEqualTo(Map.of("GetItem", 1));
    assertThat(sent(() -> cache.putIfAbsent("new", "v"))).isEqualTo(Map.of("GetItem", 1, "PutItem", 1));
    assertThat(sent(() -> cache.replace("k", "v3"))).isEqualTo(Map.of("GetItem", 1, "PutItem", 1));
    assertThat(sent(() -> cache.replace("k", "v3", "v4"))).isEqualTo(Map.of("GetItem", 1, "PutItem", 1));
    assertThat(sent(() -> cache.getAndPut("k", "v5"))).isEqualTo(Map.of("UpdateItem", 1));
    assertThat(sent(() -> cache.invoke("k", increment()))).isEqualTo(Map.of("GetItem", 1, "UpdateItem", 1));
    assertThat(sent(() -> cache.remove("k"))).isEqualTo(Map.of("DeleteItem", 1));
    assertThat(sent(() -> cache.remove("new", "v"))).isEqualTo(Map.of("GetItem", 1, "DeleteItem", 1));
  }

  @Test
  void bulkCalls() {
    Map<String, String> entries = new LinkedHashMap<>();
    for (int i = 0; i < 100; i++) {
      entries.put("bulk" + i, "v");
    }
    // existing entries keep their deadlines, so putAll reads them first
    assertThat(sent(() -> cache.putAll(entries))).isEqualTo(Map.of("BatchGetItem", 1, "BatchWriteItem", 4));
    assertThat(sent(() -> cache.getAll(entries.keySet()))).isEqualTo(Map.of("BatchGetItem", 1));
    Set<String> seen = new HashSet<>();
    // the engine's iterator reads each entry it returns (for expiry and events): a Query per bucket, a GetItem each
    assertThat(sent(() -> cache.forEach(entry -> seen.add(entry.getKey()))))
        .isEqualTo(Map.of("Query", 8, "GetItem", 100));
    assertThat(seen).containsAll(entries.keySet());
    assertThat(sent(() -> cache.removeAll(entries.keySet()))).isEqualTo(Map.of("BatchWriteItem", 4));
    // a Query per bucket and one for the sets' partition, each empty here: nothing to delete
    assertThat(sent(() -> cache.clear())).isEqualTo(Map.of("Query", 9));
  }

  private static EntryProcessor<String, String, Void> increment() {
    return (entry, arguments) -> {
      entry.setValue(entry.getValue() + "+");
      return null;
    };
  }
}
