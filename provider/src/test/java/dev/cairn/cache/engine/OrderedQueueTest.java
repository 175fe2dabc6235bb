package dev.cairn.cache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a full {@link OrderedQueue} does: wait, then drop and count; never make its own consumer wait. */
class OrderedQueueTest {

  private final List<Integer> consumed = new CopyOnWriteArrayList<>();
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch gate = new CountDownLatch(1);

  @Test
  void aFullQueueWaitsItsMaximumThenDropsAndCounts() throws Exception {
    OrderedQueue<Integer> queue = new OrderedQueue<>("test", 2, Duration.ofMillis(200), this::blockOnFirst);
    assertThat(queue.offer(1)).isTrue();
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(queue.offer(2)).isTrue();
    assertThat(queue.offer(3)).isTrue();

    long start = System.nanoTime();
    assertThat(queue.offer(4)).as("dropped").isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    assertThat(queue.dropped()).isEqualTo(1);

    gate.countDown();
    awaitConsumed(3);
    assertThat(consumed).containsExactly(1, 2, 3);
  }

  @Test
  void aQueueThatMustNotWaitDropsAtOnce() throws Exception {
    OrderedQueue<Integer> queue = new OrderedQueue<>("test", 1, Duration.ZERO, this::blockOnFirst);
    queue.offer(1);
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(queue.offer(2)).isTrue();
    assertThat(queue.offer(3)).isFalse();
    assertThat(queue.dropped()).isEqualTo(1);
    gate.countDown();
  }

  @Test
  void theConsumerOfferingToItsOwnFullQueueDoesNotWaitForItself() throws Exception {
    OrderedQueue<Integer>[] self = new OrderedQueue[1];
    self[0] = new OrderedQueue<>("test", 1, Duration.ofSeconds(30), item -> {
      consumed.add(item);
      if (item < 5) {
        self[0].offer(item + 10);
        self[0].offer(item + 1);
      }
    });
    self[0].offer(1);
    awaitConsumed(9);
    assertThat(self[0].dropped()).isZero();
  }

  @Test
  void badBoundsAreRejected() {
    assertThatThrownBy(() -> new OrderedQueue<Integer>("test", 0, Duration.ZERO, item -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
    assertThatThrownBy(() -> new OrderedQueue<Integer>("test", 1, Duration.ofMillis(-1), item -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wait");
  }

  private void blockOnFirst(Integer item) {
    consumed.add(item);
    if (item == 1) {
      entered.countDown();
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void awaitConsumed(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (consumed.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(consumed).hasSize(count);
  }
}
