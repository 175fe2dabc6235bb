package dev.cairn.cache.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.Ttl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table when keys share a hash: the index keeps hashes and locations only, so every operation must tell keys
 * apart by their records on disk. Here every key has the same hash, the worst case.
 */
class ByteTableTest {

  private static final ToLongFunction<byte[]> ONE_HASH = key -> 42L;
  private static final ToLongFunction<byte[]> EIGHT_HASHES = key -> Arrays.hashCode(key) & 7;
  private static final int SEGMENT = 4 << 10;

  @TempDir
  Path directory;

  private final Map<String, String> model = new HashMap<>();
  private final Map<String, String> expired = new HashMap<>();
  private final Map<String, String> evicted = new HashMap<>();
  private ByteTable table;

  @AfterEach
  void close() {
    if (table != null) {
      table.close();
    }
  }

  @Test
  void keysWithOneHashAreToldApartByTheirRecords() throws IOException {
    open();
    for (int i = 0; i < 300; i++) {
      put("k" + i, "v" + i);
    }
    for (int i = 0; i < 100; i++) {
      put("k" + i, "w" + i);
    }
    for (int i = 100; i < 150; i++) {
      assertThat(table.remove(bytes("k" + i), Condition.ANY, null, false, 0).applied()).isTrue();
      model.remove("k" + i);
    }
    assertThat(table.write(bytes("k7"), bytes("x"), Condition.ABSENT, null, Ttl.ETERNAL, Ttl.ETERNAL, true, 0)
        .previous()).isEqualTo(bytes("w7"));
    assertThat(table.expire(bytes("k150"), 1_000, 0)).isTrue();
    assertThat(table.expire(bytes("k120"), 1_000, 0)).as("removed").isFalse();
    assertThat(table.deadline(bytes("k150"), 0)).isEqualTo(1_000);
    assertThat(table.contains(bytes("k299"), 0)).isTrue();
    assertThat(table.contains(bytes("k300"), 0)).isFalse();
    assertTableIsModel(0);

    table.close();
    open();
    assertThat(table.deadline(bytes("k150"), 0)).as("after a restart").isEqualTo(1_000);
    assertTableIsModel(0);

    assertThat(table.get(bytes("k150"), Ttl.UNCHANGED, 1_000)).isNull();
    assertThat(expired).containsExactly(Map.entry("k150", "v150"));
    model.remove("k150");
    assertTableIsModel(1_000);
  }

  @Test
  void compactionMovesCollidingRecordsAndRestartsFindThem() throws IOException {
    open();
    for (int round = 0; round < 4; round++) {
      for (int i = 0; i < 200; i++) {
        put("k" + i, "v" + round + "-" + i);
      }
    }
    int compactions = 0;
    while (table.compactIfWasteful(0)) {
      compactions++;
    }
    assertThat(compactions).isPositive();
    assertTableIsModel(0);
    table.close();
    open();
    assertTableIsModel(0);
  }

  @Test
  void evictionReadsTheKeyOfEachVictimFromItsRecord() throws IOException {
    open();
    for (int i = 0; i < 300; i++) {
      put("k" + i, "v" + i);
    }
    table.bound(100, 0, 0);
    assertThat(table.size()).isEqualTo(100);
    assertThat(evicted).hasSize(200);
    evicted.forEach((key, value) -> {
      assertThat(model.remove(key)).as("evicted %s", key).isEqualTo(value);
    });
    assertTableIsModel(0);
  }

  @Test
  void readersWritersAndCompactionAgreeOnCollidingKeys() throws Exception {
    open(EIGHT_HASHES);
    int keys = 60;
    for (int i = 0; i < keys; i++) {
      put("k" + i, "k" + i + "=0");
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    int rounds = 80;
    for (int t = 0; t < 2; t++) {
      int writer = t;
      threads.add(new Thread(() -> guard(failure, () -> {
        for (int round = 1; round <= rounds; round++) {
          for (int i = writer; i < keys; i += 2) {
            table.write(bytes("k" + i), bytes("k" + i + "=" + round), Condition.ANY, null, Ttl.ETERNAL, Ttl.ETERNAL,
                false, 0);
          }
        }
      })));
    }
    threads.add(new Thread(() -> guard(failure, () -> {
      int[] seen = new int[keys];
      while (!stop.get()) {
        for (int i = 0; i < keys; i++) {
          String value = new String(table.get(bytes("k" + i), Ttl.UNCHANGED, 0), StandardCharsets.UTF_8);
          assertThat(value).startsWith("k" + i + "=");
          int round = Integer.parseInt(value.substring(value.indexOf('=') + 1));
          assertThat(round).as("k%d never goes back", i).isGreaterThanOrEqualTo(seen[i]);
          seen[i] = round;
        }
        List<String> listed = new ArrayList<>();
        table.keys(0).forEachRemaining(key -> listed.add(new String(key, StandardCharsets.UTF_8)));
        assertThat(listed).hasSize(keys).doesNotHaveDuplicates();
      }
    })));
    threads.forEach(Thread::start);
    while (threads.get(0).isAlive() || threads.get(1).isAlive()) {
      table.compactOldest(0);
    }
    stop.set(true);
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failure.get()).isNull();
    for (int i = 0; i < keys; i++) {
      model.put("k" + i, "k" + i + "=" + rounds);
    }
    assertTableIsModel(0);
    table.close();
    open(EIGHT_HASHES);
    assertTableIsModel(0);
  }

  private static void guard(AtomicReference<Throwable> failure, Runnable body) {
    try {
      body.run();
    } catch (Throwable e) {
      failure.compareAndSet(null, e);
    }
  }

  private void assertTableIsModel(long now) {
    for (int i = 0; i < 310; i++) {
      String key = "k" + i;
      byte[] value = table.get(bytes(key), Ttl.UNCHANGED, now);
      assertThat(value == null ? null : new String(value, StandardCharsets.UTF_8)).as(key).isEqualTo(model.get(key));
      assertThat(table.contains(bytes(key), now)).as(key).isEqualTo(model.containsKey(key));
    }
    Set<String> keys = new HashSet<>();
    for (Iterator<byte[]> it = table.keys(now); it.hasNext(); ) {
      keys.add(new String(it.next(), StandardCharsets.UTF_8));
    }
    assertThat(keys).isEqualTo(model.keySet());
    assertThat(table.size()).isEqualTo(model.size());
  }

  private void put(String key, String value) {
    table.write(bytes(key), bytes(value), Condition.ANY, null, Ttl.ETERNAL, Ttl.ETERNAL, false, 0);
    model.put(key, value);
  }

  private void open() throws IOException {
    open(ONE_HASH);
  }

  private void open(ToLongFunction<byte[]> hasher) throws IOException {
    table = ByteTable.open("collisions", directory, SyncMode.NONE, SEGMENT, 0, hasher);
    table.addObserver(new ByteTable.Observer() {
      @Override
      public void expired(byte[] key, byte[] value) {
        expired.put(new String(key, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
      }

      @Override
      public void evicted(byte[] key, byte[] value) {
        evicted.put(new String(key, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
      }
    });
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
