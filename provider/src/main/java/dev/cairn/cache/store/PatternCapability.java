package dev.cairn.cache.store;

import java.util.concurrent.CompletionStage;

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
}
