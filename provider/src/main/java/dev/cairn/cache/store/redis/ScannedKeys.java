package dev.cairn.cache.store.redis;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The keys of one cache as {@code SCAN} pages them, decoded, lazily. {@code SCAN} may return a key twice (only when
 * the server resizes its hash table during the iteration), so the keys already returned are remembered and skipped;
 * but at most {@code limit} of them, so that iterating a cache of millions of keys does not hold them all on the
 * heap. Past that bound a key may, rarely, come twice, as {@code SCAN} itself promises. Keys that do not decode
 * ({@code decode} answers {@code null}) are skipped. Not thread-safe: one iteration per instance.
 *
 * @param <K> key type
 */
final class ScannedKeys<K> implements Iterator<K> {

  /** How many returned keys an iteration remembers to skip {@code SCAN}'s repeats. */
  static final int REMEMBERED = 100_000;

  private final Iterator<List<byte[]>> pages;
  private final Function<byte[], K> decode;
  private final int limit;
  private final Set<ByteBuffer> seen = new HashSet<>();
  private Iterator<byte[]> page = Collections.emptyIterator();
  private @Nullable K next;

  ScannedKeys(Iterator<List<byte[]>> pages, Function<byte[], K> decode, int limit) {
    this.pages = pages;
    this.decode = decode;
    this.limit = limit;
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      while (!page.hasNext()) {
        if (!pages.hasNext()) {
          return false;
        }
        page = pages.next().iterator();
      }
      byte[] redisKey = page.next();
      ByteBuffer wrapped = ByteBuffer.wrap(redisKey);
      if (seen.contains(wrapped)) {
        continue;
      }
      if (seen.size() < limit) {
        seen.add(wrapped);
      }
      next = decode.apply(redisKey);
    }
    return true;
  }

  @Override
  public K next() {
    K key = hasNext() ? next : null;
    if (key == null) {
      throw new NoSuchElementException();
    }
    next = null;
    return key;
  }

  /** How many keys this iteration remembers now; never more than its limit. */
  int remembered() {
    return seen.size();
  }
}
