package dev.cairn.cache.engine;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The non-canonical values contract on a disk store in a fresh directory. */
class DiskNonCanonicalValuesTest extends NonCanonicalValuesContractTest {

  @TempDir
  Path directory;

  @Override
  protected URI managerUri() {
    return URI.create("disk:" + directory.toUri().getRawPath());
  }
}
