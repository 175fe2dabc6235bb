package dev.cairn.cache.resilience;

import dev.cairn.cache.store.ChangeFeed;
import dev.cairn.cache.store.StoreUnavailableException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A store's {@link ChangeFeed} in a {@link FailureMode}: in {@link FailureMode#OPEN}, starting to listen while the
 * server is unreachable (a listener registered during an outage, or at a fail-open startup) does not fail; the
 * subscription is made during the breaker's recovery, before it closes. Announcing never blocks and needs no
 * guarding. Thread-safe.
 */
final class ResilientChangeFeed<K, V> implements ChangeFeed<K, V>, CircuitBreaker.Recovery {

  private final ChangeFeed<K, V> feed;
  private final FailureMode mode;
  private @Nullable Consumer<Change<K, V>> waitingConsumer;
  private boolean waitingExpired;
  private boolean waiting;

  ResilientChangeFeed(ChangeFeed<K, V> feed, FailureMode mode) {
    this.feed = feed;
    this.mode = mode;
  }

  @Override
  public boolean othersListen() {
    return feed.othersListen();
  }

  @Override
  public void announce(Change<K, V> change) {
    feed.announce(change);
  }

  @Override
  public synchronized void listen(@Nullable Consumer<Change<K, V>> consumer, boolean expired) {
    try {
      feed.listen(consumer, expired);
      waiting = false;
    } catch (StoreUnavailableException e) {
      if (mode == FailureMode.CLOSED) {
        throw e;
      }
      waiting = true;
      waitingConsumer = consumer;
      waitingExpired = expired;
    }
  }

  /** Makes the subscription a fail-open {@link #listen} could not make. */
  @Override
  public synchronized void recover() {
    if (waiting) {
      feed.listen(waitingConsumer, waitingExpired);
      waiting = false;
      waitingConsumer = null;
    }
  }
}
