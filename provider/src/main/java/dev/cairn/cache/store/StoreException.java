package dev.cairn.cache.store;

import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/** A store could not do what was asked: I/O failed, the server is unreachable, data could not be encoded. */
public class StoreException extends CacheException {

  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
