package dev.cairn.cache.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The clock hot paths read instead of {@code System.nanoTime}. */
class CoarseClockTest {

  @Test
  void saysWhetherADeadlinePassed() {
    CoarseClock.acquire();
    try {
      long now = System.nanoTime();
      assertThat(CoarseClock.before(now + TimeUnit.MINUTES.toNanos(5))).isTrue();
      assertThat(CoarseClock.before(now + TimeUnit.MILLISECONDS.toNanos(500))).as("inside the trusted lag").isTrue();
      assertThat(CoarseClock.before(now - 1)).isFalse();
      assertThat(CoarseClock.before(now - TimeUnit.MINUTES.toNanos(5))).isFalse();
    } finally {
      CoarseClock.release();
    }
  }

  @Test
  void followsTheSystemClockWhileHeld() throws InterruptedException {
    CoarseClock.acquire();
    try {
      long start = CoarseClock.coarseNanos();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (CoarseClock.coarseNanos() - start < TimeUnit.MILLISECONDS.toNanos(50)) {
        assertThat(System.nanoTime()).as("the coarse time moves on").isLessThan(deadline);
        Thread.sleep(5);
      }
      assertThat(System.nanoTime() - CoarseClock.coarseNanos()).as("lag")
          .isLessThan(TimeUnit.SECONDS.toNanos(1));
    } finally {
      CoarseClock.release();
    }
  }
}
