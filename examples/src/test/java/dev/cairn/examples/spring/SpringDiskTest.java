package dev.cairn.examples.spring;

import dev.cairn.examples.StoreOnlyDocument;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Spring's caching on the disk store, with a document that names only the store. */
class SpringDiskTest extends SpringCacheTest {

  @TempDir
  static Path directory;

  @Override
  URI document() {
    return StoreOnlyDocument.write(directory, StoreOnlyDocument.disk(directory));
  }
}
