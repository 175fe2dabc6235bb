package dev.cairn.cache.store;

import org.jspecify.annotations.Nullable;

/**
 * The store's server could not be reached, dropped the call, or did not answer in time: a failure of the path to
 * the data, not of the request. The outcome of a write that fails this way is unknown (it may have been applied).
 *
 * <p>A remote store throws this, rather than a plain {@link StoreException}, for exactly these failures, so that
 * {@code dev.cairn.cache.resilience} can open its circuit breaker on them and never on bad input, codec errors or
 * errors the server answered with.
 */
public class StoreUnavailableException extends StoreException {

  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message) {
    super(message);
  }

  public StoreUnavailableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
