package dev.cairn.cache.store;

import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * An optional {@link Store} capability: removes the entries whose encoded key matches a glob on the server,
 * without bringing the keys to the client one by one (Redis: {@code SCAN MATCH} and {@code UNLINK}).
 *
 * <p>The glob syntax is Redis's: {@code *}, {@code ?}, {@code [abc]}, {@code [^abc]}, {@code [a-z]}, and
 * {@code \} escaping the next character. It applies to the key's encoded form, so a store offers this only for keys
 * whose encoded form is their text (String keys). Thread-safe; entries added during the call may or may not go.
 * {@link #removeMatchingAsync} is as described in {@link AsyncCapability}: by default the blocking step, completed.
 *
 * @param <K> key type
 */
public interface PatternCapability<K> {

  /**
   * Removes every entry of this store, and only of this store, whose key matches {@code glob}.
   *
   * @return how many entries were removed
   */
  long removeMatching(String glob);

  /** See {@link #removeMatching}. */
  default CompletionStage<Long> removeMatchingAsync(String glob) {
    return CompletedStages.of(() -> removeMatching(glob));
  }

  /**
   * As {@link #removeMatching(String)} with {@code serverGlob}, removing only those keys that {@code exact} also
   * accepts. For patterns the server cannot match as the caller means them: Redis matches {@code ?} and
   * {@code [...]} against one byte, where a key's character may take up to four in UTF-8, so the caller sends a
   * wider glob (every key it means, and maybe others) and decides with {@code exact}. The server's matches then come
   * to the client, page by page, to be tested.
   *
   * @return how many entries were removed
   */
  long removeMatching(String serverGlob, Predicate<? super K> exact);

  /** See {@link #removeMatching(String, Predicate)}. */
  default CompletionStage<Long> removeMatchingAsync(String serverGlob, Predicate<? super K> exact) {
    return CompletedStages.of(() -> removeMatching(serverGlob, exact));
  }
}
