package dev.cairn.cache.store.file;

import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreContractTest;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a disk store in a fresh temporary directory per test. */
class FileStoreContractTest extends StoreContractTest {

  @TempDir
  Path directory;

  @Override
  protected StoreBackend openBackend() {
    return new FileStoreProvider().open(URI.create("disk:" + directory.toUri().getRawPath()), new Properties(),
        getClass().getClassLoader());
  }
}
