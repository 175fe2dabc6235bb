package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCache;
import dev.cairn.cache.CairnCachingProvider;
import dev.cairn.cache.codec.JavaSerializationCodec;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The safety rule of {@code docs/serialization.md}: someone who can write Redis but not deploy code plants Java
 * serialization bytes under a cache's key. Bytes naming a class the application never stored in that cache, and
 * never allowed, are never deserialized (the trap's {@code readObject} leaves no trace); the same bytes of a class
 * the application stored there, or declared, read back as the value they are.
 */
class PlantedBytesTest {

  @RegisterExtension
  static final RedisServerExtension server = new RedisServerExtension();

  private final CairnCachingProvider provider = new CairnCachingProvider();
  private RedisClient client;
  private StatefulRedisConnection<byte[], byte[]> raw;
  private CacheManager manager;

  @BeforeEach
  void open() {
    Trap.TRACES.set(0);
    client = RedisClient.create(server.uri("").toString());
    raw = client.connect(ByteArrayCodec.INSTANCE);
    manager = provider.getCacheManager(server.uri("prefix=planted"), getClass().getClassLoader());
  }

  @AfterEach
  void close() {
    raw.sync().flushall();
    raw.close();
    client.shutdown();
    provider.close();
  }

  private void plant(String cacheName, String key, Object value) {
    byte[] bytes = JavaSerializationCodec.trusted(getClass().getClassLoader()).encode(value);
    raw.sync().set(("planted:" + cacheName + ":" + key).getBytes(StandardCharsets.UTF_8), bytes);
  }

  private static long unreadable(Cache<?, ?> cache) {
    return cache.unwrap(CairnCache.class).statistics().getUnreadableEntries();
  }

  @Test
  void aPlantedClassTheApplicationNeverStoredIsNeverDeserialized() {
    Cache<Object, Object> cache = manager.createCache("objects", new MutableConfiguration<>());
    cache.put("mine", new Note("the application's own"));
    plant("objects", "k", new Trap());
    Map<String, Object> wrapped = new HashMap<>(Map.of("inside", new Trap()));
    plant("objects", "wrapped", wrapped);

    assertThat(cache.get("k")).isNull();
    assertThat(cache.get("k")).isNull();
    assertThat(cache.get("wrapped")).as("a JDK map holding the trap").isNull();
    assertThat(cache.getAll(java.util.Set.of("k", "wrapped"))).isEmpty();
    assertThat(cache.get("mine")).isEqualTo(new Note("the application's own"));

    assertThat(Trap.TRACES).as("readObject of the planted class never ran").hasValue(0);
    assertThat(unreadable(cache)).as("each refused read is a miss, counted").isEqualTo(5);
  }

  @Test
  void aPlantedClassOfAnotherCacheIsRefusedInThisOne() {
    Cache<Object, Object> notes = manager.createCache("notes", new MutableConfiguration<>());
    notes.put("n", new Note("learned by notes"));
    Cache<Object, Object> others = manager.createCache("others", new MutableConfiguration<>());
    plant("others", "k", new Note("planted"));

    assertThat(others.get("k")).isNull();
    assertThat(unreadable(others)).isEqualTo(1);
  }

  @Test
  void aPlantedValueOfAClassTheApplicationStoredReadsBack() {
    Cache<Object, Object> cache = manager.createCache("objects", new MutableConfiguration<>());
    cache.put("mine", new Note("written here"));
    plant("objects", "k", new Note("planted"));
    plant("objects", "42", List.of(new Note("in a list")));

    assertThat(cache.get("k")).isEqualTo(new Note("planted"));
    assertThat(cache.get(42L)).as("a Long key is its text").isEqualTo(List.of(new Note("in a list")));
    assertThat(unreadable(cache)).isZero();
  }

  @Test
  void aPlantedValueOfTheDeclaredTypeAndWhatItHoldsReadsBack() {
    Cache<String, Order> orders = manager.createCache("orders",
        new MutableConfiguration<String, Order>().setTypes(String.class, Order.class));
    Order order = new Order(List.of(new Note("tea")), Priority.HIGH);
    plant("orders", "k", order);

    assertThat(orders.get("k")).isEqualTo(order);
  }

  @Test
  void anotherJvmMissesOnceThenReadsWhatItStoredItself() {
    Cache<Object, Object> cache = manager.createCache("objects", new MutableConfiguration<>());
    cache.put("k", new Note("from the first JVM"));

    CairnCachingProvider second = new CairnCachingProvider();
    try {
      Cache<Object, Object> there = second.getCacheManager(server.uri("prefix=planted"), getClass().getClassLoader())
          .getCache("objects");
      assertThat(there.get("k")).as("a class this JVM has not stored yet: one miss").isNull();
      there.put("k", new Note("from the second JVM"));
      assertThat(there.get("k")).isEqualTo(new Note("from the second JVM"));
      assertThat(cache.get("k")).isEqualTo(new Note("from the second JVM"));
      assertThat(unreadable(there)).isEqualTo(1);
    } finally {
      second.close();
    }
  }

  /** A class with a dangerous {@code readObject}: here it only leaves a trace. */
  static final class Trap implements Serializable {
    static final AtomicInteger TRACES = new AtomicInteger();
    private static final long serialVersionUID = 1L;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      TRACES.incrementAndGet();
    }
  }

  record Note(String text) implements Serializable {
  }

  enum Priority { LOW, HIGH }

  record Order(List<Note> notes, Priority priority) implements Serializable {
  }
}
