package dev.cairn.cache.expiry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test says so. Thread-safe. */
public final class ManualClock implements Clock {

  private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

  @Override
  public long millis() {
    return millis.get();
  }

  /** Moves time forward. */
  public void advance(Duration duration) {
    millis.addAndGet(duration.toMillis());
  }
}
