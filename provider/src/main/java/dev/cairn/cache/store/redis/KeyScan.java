package dev.cairn.cache.store.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * The Redis keys of one namespace, page by page, with {@code SCAN MATCH <namespace>* COUNT 500}: lazily, one round
 * trip per page, never {@code KEYS}. On a cluster Lettuce walks every master in turn.
 *
 * <p>As {@code SCAN} promises: a key present for the whole iteration is returned at least once (possibly more
 * than once, and callers that need each key once must say so); keys added or removed meanwhile may or may not be.
 * Pages may be empty. Not thread-safe: one iteration per instance.
 */
final class KeyScan implements Iterator<List<byte[]>> {

  private static final long PAGE_SIZE = 500;

  private final RedisConnection connection;
  private final ScanArgs args;
  private ScanCursor cursor = ScanCursor.INITIAL;

  KeyScan(RedisConnection connection, KeyNamespace namespace) {
    this(connection, namespace.pattern());
  }

  /** The keys matching {@code pattern}, a {@code SCAN MATCH} glob that must start inside one namespace. */
  KeyScan(RedisConnection connection, byte[] pattern) {
    this.connection = connection;
    this.args = args(pattern);
  }

  /** Unlinks every key of {@code namespace}, one page at a time; Redis frees the memory in the background. */
  static void unlinkAll(RedisConnection connection, KeyNamespace namespace) {
    unlinkAll(connection, namespace.pattern());
  }

  /**
   * Unlinks every key matching {@code pattern}, one page at a time.
   *
   * @return how many keys {@code UNLINK} removed
   */
  static long unlinkAll(RedisConnection connection, byte[] pattern) {
    return unlinkAll(connection, pattern, key -> true);
  }

  /**
   * Unlinks every key matching {@code pattern} that {@code filter} accepts, one page at a time.
   *
   * @return how many keys {@code UNLINK} removed
   */
  static long unlinkAll(RedisConnection connection, byte[] pattern, Predicate<byte[]> filter) {
    KeyScan scan = new KeyScan(connection, pattern);
    long removed = 0;
    while (scan.hasNext()) {
      byte[][] keys = scan.next().stream().filter(filter).toArray(byte[][]::new);
      if (keys.length > 0) {
        removed += connection.call(() -> connection.commands().unlink(keys));
      }
    }
    return removed;
  }

  /**
   * As {@link #unlinkAll(RedisConnection, byte[])}, without any thread waiting for Redis: one command at a time is
   * out, each sent when the answer to the one before arrives. Each {@code SCAN} is sent from Lettuce's computation
   * threads ({@link RedisConnection#computations()}), never from an I/O thread.
   */
  static CompletionStage<Long> unlinkAllAsync(RedisConnection connection, byte[] pattern) {
    return unlinkAllAsync(connection, pattern, key -> true);
  }

  /** As {@link #unlinkAll(RedisConnection, byte[], Predicate)}, without any thread waiting for Redis. */
  static CompletionStage<Long> unlinkAllAsync(RedisConnection connection, byte[] pattern, Predicate<byte[]> filter) {
    return unlinkFrom(connection, args(pattern), filter, ScanCursor.INITIAL, 0);
  }

  private static CompletionStage<Long> unlinkFrom(RedisConnection connection, ScanArgs args,
      Predicate<byte[]> filter, ScanCursor from, long removedSoFar) {
    return CompletableFuture.supplyAsync(() -> connection.send(() -> connection.commands().scan(from, args)),
        connection.computations()).thenCompose(page -> page).thenCompose(page -> {
      byte[][] keys = page.getKeys().stream().filter(filter).toArray(byte[][]::new);
      CompletionStage<Long> unlinked = keys.length == 0 ? CompletableFuture.completedFuture(0L)
          : connection.send(() -> connection.commands().unlink(keys));
      return unlinked.thenCompose(count -> page.isFinished()
          ? CompletableFuture.completedFuture(removedSoFar + count)
          : unlinkFrom(connection, args, filter, page, removedSoFar + count));
    });
  }

  private static ScanArgs args(byte[] pattern) {
    return ScanArgs.Builder.limit(PAGE_SIZE).match(pattern);
  }

  @Override
  public boolean hasNext() {
    return !cursor.isFinished();
  }

  @Override
  public List<byte[]> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    ScanCursor from = cursor;
    KeyScanCursor<byte[]> page = connection.call(() -> connection.commands().scan(from, args));
    cursor = page;
    return page.getKeys();
  }
}
