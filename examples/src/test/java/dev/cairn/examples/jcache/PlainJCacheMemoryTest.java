package dev.cairn.examples.jcache;

import dev.cairn.examples.StoreOnlyDocument;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Plain JCache on the memory store. */
class PlainJCacheMemoryTest extends PlainJCacheTest {

  @TempDir
  static Path directory;

  @Override
  URI document() {
    return StoreOnlyDocument.write(directory, "memory:plain");
  }
}
