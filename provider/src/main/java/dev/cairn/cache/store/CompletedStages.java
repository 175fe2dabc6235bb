package dev.cairn.cache.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The default of a capability's {@code ...Async} method on a store without an asynchronous client: the blocking
 * method, run on the calling thread, as a completed stage. Stateless.
 */
final class CompletedStages {

  private CompletedStages() {
  }

  /** {@code step}'s result, or its exception, as a completed stage. */
  static <T> CompletionStage<T> of(Supplier<T> step) {
    try {
      return CompletableFuture.completedFuture(step.get());
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
