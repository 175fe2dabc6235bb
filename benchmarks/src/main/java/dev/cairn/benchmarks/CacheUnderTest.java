package dev.cairn.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One contender's cache together with what it needs around it: a server of its own (redis-server, memcached,
 * dynalite, a Hazelcast member) for the contenders kept in one, an empty temporary directory for the disk store.
 * Closing it closes the cache, stops the server and deletes the directory. Not thread-safe: a trial's setup opens it
 * and its teardown closes it.
 */
final class CacheUnderTest implements AutoCloseable {

  private final CacheOperations operations;
  private final ServerProcess server;
  private final Path directory;

  private CacheUnderTest(CacheOperations operations, ServerProcess server, Path directory) {
    this.operations = operations;
    this.server = server;
    this.directory = directory;
  }

  /**
   * Starts what {@code contender} needs, then opens its cache.
   *
   * @param fileSync the disk store's sync mode; ignored by the other contenders
   */
  static CacheUnderTest open(Contender contender, ValueKind kind, boolean storeByValue, String fileSync) {
    ServerProcess server = switch (contender.store()) {
      case REDIS -> ServerProcess.redis();
      case MEMCACHED -> ServerProcess.memcached();
      case HAZELCAST -> ServerProcess.hazelcast();
      case DYNAMODB -> ServerProcess.dynalite();
      default -> null;
    };
    Path directory = null;
    try {
      if (contender.store() == Contender.Store.DISK) {
        directory = Files.createTempDirectory("cairn-bench-disk-");
      }
      CacheOperations operations = contender.open(kind, storeByValue, server == null ? null : server.uri(), directory,
          fileSync);
      return new CacheUnderTest(operations, server, directory);
    } catch (IOException | RuntimeException e) {
      new CacheUnderTest(null, server, directory).close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  CacheOperations operations() {
    return operations;
  }

  @Override
  public void close() {
    try {
      if (operations != null) {
        operations.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
      if (directory != null) {
        delete(directory);
      }
    }
  }

  private static void delete(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + directory, e);
    }
  }
}
