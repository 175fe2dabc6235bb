package dev.cairn.cache.store;

/**
 * An optional {@link Store} capability: removes the entries whose encoded key matches a glob on the server,
 * without bringing the keys to the client one by one (Redis: {@code SCAN MATCH} and {@code UNLINK}).
 *
 * <p>The glob syntax is Redis's: {@code *}, {@code ?}, {@code [abc]}, {@code [^abc]}, {@code [a-z]}, and
 * {@code \} escaping the next character. It applies to the key's encoded form, so a store offers this only for keys
 * whose encoded form is their text (String keys). Thread-safe; entries added during the call may or may not go.
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
}
