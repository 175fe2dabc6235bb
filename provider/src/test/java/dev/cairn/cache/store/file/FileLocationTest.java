package dev.cairn.cache.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;

class FileLocationTest {

  @Test
  void absoluteRelativeAndTripleSlashPaths() {
    assertThat(FileLocation.parse(URI.create("disk:/var/cache/app")).directory()).isEqualTo(Path.of("/var/cache/app"));
    assertThat(FileLocation.parse(URI.create("disk:///var/cache/app")).directory())
        .isEqualTo(Path.of("/var/cache/app"));
    assertThat(FileLocation.parse(URI.create("disk:data/caches")).directory())
        .isEqualTo(Path.of("data/caches").toAbsolutePath());
    assertThat(FileLocation.parse(URI.create("disk:/tmp/with%20space")).directory())
        .isEqualTo(Path.of("/tmp/with space"));
  }

  @Test
  void defaultsAndParameters() {
    FileLocation defaults = FileLocation.parse(URI.create("disk:/x"));
    assertThat(defaults.syncMode()).isEqualTo(SyncMode.ALWAYS);
    assertThat(defaults.segmentSize()).isEqualTo(64L << 20);
    FileLocation tuned = FileLocation.parse(URI.create("disk:rel?sync=interval&syncInterval=2s&segmentSize=8m"));
    assertThat(tuned.syncMode()).isEqualTo(SyncMode.INTERVAL);
    assertThat(tuned.syncInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(tuned.segmentSize()).isEqualTo(8L << 20);
    assertThat(tuned.directory()).isEqualTo(Path.of("rel").toAbsolutePath());
    assertThat(defaults.maxBytes()).isZero();
    FileLocation bounded = FileLocation.parse(URI.create("disk:/x?maxBytes=512m"));
    assertThat(bounded.maxBytes()).isEqualTo(512L << 20);
    assertThat(bounded.settings()).as("a default of this manager's, not the directory's").isEqualTo(defaults.settings());
  }

  @Test
  void badUrisNameWhatIsWrong() {
    assertThatThrownBy(() -> FileLocation.parse(URI.create("disk:/x?fsync=always")))
        .isInstanceOf(CacheException.class).hasMessageContaining("unknown parameter 'fsync'");
    assertThatThrownBy(() -> FileLocation.parse(URI.create("disk:/x?sync=sometimes")))
        .isInstanceOf(CacheException.class).hasMessageContaining("invalid sync 'sometimes'");
    assertThatThrownBy(() -> FileLocation.parse(URI.create("disk:/x?segmentSize=12")))
        .isInstanceOf(CacheException.class).hasMessageContaining("invalid segmentSize '12'");
    assertThatThrownBy(() -> FileLocation.parse(URI.create("disk:/x?syncInterval=0")))
        .isInstanceOf(CacheException.class).hasMessageContaining("invalid syncInterval '0'");
    assertThatThrownBy(() -> FileLocation.parse(URI.create("disk:/x?maxBytes=512")))
        .isInstanceOf(CacheException.class).hasMessageContaining("invalid maxBytes '512'")
        .hasMessageContaining("k, m or g");
    assertThatThrownBy(() -> FileLocation.parse(URI.create("disk://host/x")))
        .isInstanceOf(CacheException.class).hasMessageContaining("names a host");
    assertThatThrownBy(() -> FileLocation.parse(URI.create("disk:?sync=none")))
        .isInstanceOf(CacheException.class).hasMessageContaining("names no directory");
  }
}
