package dev.cairn.cache.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.codec.Codecs;
import dev.cairn.cache.expiry.Clock;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreListener;
import dev.cairn.cache.store.StoreSettings;
import dev.cairn.cache.store.Ttl;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting a segment, creating a cache's directory and renaming it away change directory entries, which only an
 * {@code fsync} of the directory makes durable: each such step is followed by one, seen through {@link DirectorySync#observer} together
 * with what the directory held when it was synced.
 */
class DirectorySyncTest {

  @TempDir
  Path directory;

  /** Each sync: the directory and the names in it at that moment. */
  private final List<Synced> synced = new CopyOnWriteArrayList<>();

  private record Synced(Path directory, Set<String> names) {
  }

  @BeforeEach
  void observe() {
    DirectorySync.observer = path -> {
      if (path.startsWith(directory)) {
        try (Stream<Path> children = Files.list(path)) {
          synced.add(new Synced(path, children.map(child -> child.getFileName().toString())
              .collect(Collectors.toSet())));
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      }
    };
  }

  @AfterEach
  void stopObserving() {
    DirectorySync.observer = path -> { };
  }

  @Test
  void compactionSyncsTheDirectoryAfterDeletingASegment() throws IOException {
    Path cache = directory.resolve("table");
    ByteTable table = ByteTable.open("table", cache, SyncMode.NONE, 4096, 0);
    try {
      for (int round = 0; round < 4; round++) {
        for (int i = 0; i < 40; i++) {
          table.write(("k" + i).getBytes(StandardCharsets.UTF_8), ("value-" + round + "-" + "x".repeat(50))
              .getBytes(StandardCharsets.UTF_8), Condition.ANY, null, Ttl.ETERNAL, Ttl.UNCHANGED, false, 0);
        }
      }
      String oldest = Segment.fileName(1);
      assertThat(Files.exists(cache.resolve(oldest))).isTrue();
      assertThat(table.compactIfWasteful(0)).isTrue();
      assertThat(Files.exists(cache.resolve(oldest))).isFalse();
      assertThat(synced).as("a sync of the cache's directory once the segment was gone")
          .anyMatch(sync -> sync.directory().equals(cache) && !sync.names().contains(oldest));
    } finally {
      table.close();
    }
  }

  @Test
  void creatingAndDestroyingACacheSyncTheParentOfItsDirectory() {
    FileBackend backend = (FileBackend) new FileStoreProvider().open(
        URI.create("disk:" + directory.toUri().getRawPath()), new Properties(), getClass().getClassLoader());
    try {
      ClassLoader loader = getClass().getClassLoader();
      Store<String, String> store = backend.open(new StoreSettings<>("doomed", Codecs.forType(String.class, loader),
          Codecs.forType(String.class, loader), 0, Clock.system(), StoreListener.none(), false));
      store.write("k", "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
      store.close();
      Path caches = backend.directory().resolve("caches");
      assertThat(synced).as("a sync of caches/ once the new cache's directory was in it")
          .anyMatch(sync -> sync.directory().equals(caches) && sync.names().contains("doomed"));
      assertThat(caches.resolve("doomed")).isDirectory();
      backend.destroy("doomed");
      assertThat(caches.resolve("doomed")).doesNotExist();
      assertThat(synced).as("a sync of caches/ once doomed/ was renamed away")
          .anyMatch(sync -> sync.directory().equals(caches) && !sync.names().contains("doomed"));
    } finally {
      backend.close();
    }
  }
}
