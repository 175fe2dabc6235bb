package dev.cairn.cache.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.codec.Codecs;
import dev.cairn.cache.expiry.Clock;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreListener;
import dev.cairn.cache.store.StoreSettings;
import dev.cairn.cache.store.Ttl;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages segment files (a flipped byte in a value, in a header, a torn tail, a cut segment) and checks that the
 * store still opens, drops and counts exactly the damaged records, serves every other entry intact, and never
 * serves a damaged value.
 */
class FileStoreCorruptionTest {

  private static final int ENTRIES = 400;

  @TempDir
  Path directory;

  private FileBackend backend;
  private Store<String, String> store;
  private long maxEntries;

  @AfterEach
  void close() {
    if (backend != null) {
      backend.close();
    }
  }

  @Test
  void flippedValueByteDropsOnlyThatRecord() throws IOException {
    fill();
    flip(offsetOf("value-123-"), 7);
    reopen();
    assertThat(backend.damagedRecords("data")).isEqualTo(1);
    assertThat(store.unreadableEntries()).as("what the cache's statistics report").isEqualTo(1);
    assertIntactExcept("k123");
  }

  @Test
  void flippedHeaderByteDropsOnlyThatRecord() throws IOException {
    fill();
    // the key length field of k200's record: the reader must find the next record by searching
    flip(offsetOf("k200value-200-").minus(RecordFormat.HEADER), 4);
    reopen();
    assertThat(backend.damagedRecords("data")).isEqualTo(1);
    assertIntactExcept("k200");
  }

  @Test
  void tornTailIsDroppedAndLaterWritesFollowTheLastIntactRecord() throws IOException {
    fill();
    Path last = segments().get(segments().size() - 1);
    try (RandomAccessFile file = new RandomAccessFile(last.toFile(), "rw")) {
      file.setLength(file.length() - 5);
    }
    reopen();
    assertThat(backend.damagedRecords("data")).isEqualTo(1);
    assertIntactExcept("k" + (ENTRIES - 1));
    store.write("after", "crash", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    reopen();
    assertThat(backend.damagedRecords("data")).isZero();
    assertThat(store.get("after", Ttl.UNCHANGED)).isEqualTo("crash");
    assertIntactExcept("k" + (ENTRIES - 1));
  }

  @Test
  void tornRecordWhoseValueHoldsARecordImageForgesNothing() throws IOException {
    reopen();
    ClassLoader loader = getClass().getClassLoader();
    Store<String, byte[]> raw = backend.open(new StoreSettings<>("raw", Codecs.forType(String.class, loader),
        new RawBytes(), 0, Clock.system(), StoreListener.none(), false));
    ByteBuffer image = RecordFormat.encode(RecordFormat.PUT, "forged".getBytes(StandardCharsets.UTF_8),
        "evil".getBytes(StandardCharsets.UTF_8), RecordFormat.ETERNAL);
    byte[] carrier = new byte[10 + image.remaining() + 100];
    image.get(carrier, 10, image.remaining());
    raw.write("before", new byte[] {1}, Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    raw.write("carrier", carrier, Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    backend.close();
    backend = null;
    // a crash during the append of "carrier": its header and the embedded image reached the disk, its end did not
    Path segment = directory.resolve("caches").resolve("raw").resolve(Segment.fileName(1));
    long cutAt = Files.size(segment) - 50;
    try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
      file.setLength(cutAt);
    }
    reopen();
    raw = backend.open(new StoreSettings<>("raw", Codecs.forType(String.class, loader), new RawBytes(), 0,
        Clock.system(), StoreListener.none(), false));
    assertThat(raw.get("forged", Ttl.UNCHANGED)).as("a record image inside a torn value").isNull();
    assertThat(raw.get("carrier", Ttl.UNCHANGED)).isNull();
    assertThat(raw.get("before", Ttl.UNCHANGED)).containsExactly(1);
    assertThat(backend.damagedRecords("raw")).isEqualTo(1);
    assertThat(Files.size(segment)).as("cut where the torn record starts").isLessThan(cutAt - image.limit());
  }

  @Test
  void cutSealedSegmentLosesOnlyWhatWasCut() throws IOException {
    fill();
    Path first = segments().get(0);
    long cutAt = Files.size(first) / 2;
    try (RandomAccessFile file = new RandomAccessFile(first.toFile(), "rw")) {
      file.setLength(cutAt);
    }
    reopen();
    assertThat(backend.damagedRecords("data")).isEqualTo(1);
    int missing = 0;
    for (int i = 0; i < ENTRIES; i++) {
      String value = store.get("k" + i, Ttl.UNCHANGED);
      if (value == null) {
        missing++;
      } else {
        assertThat(value).isEqualTo(value(i));
      }
    }
    assertThat(missing).isPositive().isLessThan(ENTRIES / 2);
  }

  @Test
  void damageWhileOpenIsNeverServed() throws IOException {
    fill();
    reopen();
    flip(offsetOf("value-77-"), 7);
    assertThat(store.get("k77", Ttl.UNCHANGED)).isNull();
    assertThat(backend.damagedRecords("data")).isEqualTo(1);
    assertIntactExcept("k77");
  }

  @Test
  void unreadableRegistryDoesNotStopTheDirectoryFromOpening() throws IOException {
    reopen();
    backend.registry().register("data", "descriptor");
    fill();
    assertThat(Files.readString(directory.resolve(FileCacheRegistry.FILE_NAME))).contains("data=descriptor");
    Files.write(directory.resolve(FileCacheRegistry.FILE_NAME), new byte[] {'a', '=', '\\', 'u', 'z', 'z'});
    reopen();
    assertIntactExcept();
    assertThat(backend.registry().lookup("data")).isNull();
    assertThat(backend.registry().register("data", "again")).isEqualTo("again");
  }

  @Test
  void damageAfterEvictionAndCompactionDropsOnlyThatRecordAndBringsNothingEvictedBack() throws IOException {
    maxEntries = 100;
    reopen();
    for (int i = 0; i < ENTRIES; i++) {
      store.write("k" + i, value(i), Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    }
    FileStore<String, String> bounded = (FileStore<String, String>) store;
    while (bounded.table().compactIfWasteful(System.currentTimeMillis())) {
      // until at least half of the log is live
    }
    java.util.Set<String> kept = new java.util.HashSet<>();
    store.keys().forEachRemaining(kept::add);
    assertThat(kept).hasSize(100).contains("k399");
    backend.close();
    backend = null;
    flip(offsetOf("value-399-"), 7);
    reopen();
    assertThat(backend.damagedRecords("data")).isEqualTo(1);
    for (int i = 0; i < ENTRIES; i++) {
      String key = "k" + i;
      assertThat(store.get(key, Ttl.UNCHANGED)).as(key)
          .isEqualTo(kept.contains(key) && i != 399 ? value(i) : null);
    }
  }

  private void fill() {
    if (backend == null) {
      reopen();
    }
    for (int i = 0; i < ENTRIES; i++) {
      store.write("k" + i, value(i), Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    }
    backend.close();
    backend = null;
    assertThat(segments()).hasSizeGreaterThan(2);
  }

  private void reopen() {
    if (backend != null) {
      backend.close();
    }
    backend = (FileBackend) new FileStoreProvider().open(
        URI.create("disk:" + directory.toUri().getRawPath() + "?segmentSize=4k"), new Properties(),
        getClass().getClassLoader());
    ClassLoader loader = getClass().getClassLoader();
    store = backend.open(new StoreSettings<>("data", Codecs.forType(String.class, loader),
        Codecs.forType(String.class, loader), maxEntries, Clock.system(), StoreListener.none(), false));
  }

  private void assertIntactExcept(String... lost) {
    List<String> lostKeys = List.of(lost);
    for (int i = 0; i < ENTRIES; i++) {
      String key = "k" + i;
      assertThat(store.get(key, Ttl.UNCHANGED)).as(key).isEqualTo(lostKeys.contains(key) ? null : value(i));
    }
  }

  private static String value(int i) {
    return "value-" + i + "-" + "y".repeat(i % 40);
  }

  private List<Path> segments() {
    try (Stream<Path> files = Files.list(directory.resolve("caches").resolve("data"))) {
      return files.filter(file -> file.toString().endsWith(".seg")).sorted().toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The segment and offset where {@code text} first occurs. */
  private Location offsetOf(String text) throws IOException {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    for (Path segment : segments()) {
      byte[] bytes = Files.readAllBytes(segment);
      outer:
      for (int i = 0; i + needle.length <= bytes.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (bytes[i + j] != needle[j]) {
            continue outer;
          }
        }
        return new Location(segment, i);
      }
    }
    throw new AssertionError(text + " is in no segment");
  }

  private static void flip(Location location, int plus) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(location.segment().toFile(), "rw")) {
      file.seek(location.offset() + plus);
      int b = file.read();
      file.seek(location.offset() + plus);
      file.write(b ^ 0x10);
    }
  }

  /** Values as they are: lets a test put any bytes into a record. */
  private static final class RawBytes implements Codec<byte[]> {
    @Override
    public byte[] encode(byte[] value) {
      return value;
    }

    @Override
    public byte[] decode(byte[] bytes) {
      return bytes;
    }
  }

  private record Location(Path segment, long offset) {
    Location minus(long bytes) {
      return new Location(segment, offset - bytes);
    }
  }
}
