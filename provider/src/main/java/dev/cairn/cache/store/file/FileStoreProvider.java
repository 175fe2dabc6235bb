package dev.cairn.cache.store.file;

import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreProvider;
import java.net.URI;
import java.util.Properties;
import java.util.Set;

/**
 * The {@code disk:} scheme: each cache's entries in an append-only, checksummed log in a local directory, durable
 * across restarts and crashes of the process, with the keys indexed on the heap and the values on disk. See
 * {@link FileLocation} for the URI's forms and parameters, and {@code docs/file-store.md} for the design.
 */
public final class FileStoreProvider implements StoreProvider {

  @Override
  public Set<String> schemes() {
    return Set.of(FileLocation.SCHEME);
  }

  /** Opens and locks the directory at once, so that one held by another process fails here. */
  @Override
  public StoreBackend open(URI uri, Properties properties, ClassLoader classLoader) {
    FileLocation location = FileLocation.parse(uri);
    return new FileBackend(DataDirectory.acquire(location), location.maxBytes());
  }
}
