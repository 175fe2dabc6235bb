package dev.cairn.examples.hibernate;

import dev.cairn.examples.StoreOnlyDocument;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The second-level cache on the disk store, with a document that names only the store. */
class HibernateDiskTest extends HibernateSecondLevelCacheTest {

  @TempDir
  static Path directory;

  @Override
  String cacheUri() {
    return StoreOnlyDocument.write(directory, StoreOnlyDocument.disk(directory)).toString();
  }
}
