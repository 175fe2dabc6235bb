package dev.cairn.cache.near;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The near cache's local slots: the bound, second-chance eviction, reservations. */
class LocalTierTest {

  private final List<LocalTier.Copy> evicted = new ArrayList<>();
  private final LocalTier<Integer> tier = new LocalTier<>(100, evicted::add);

  private LocalTier.Copy keep(int key) {
    LocalTier.Slot reservation = new LocalTier.Slot();
    tier.put(key, reservation);
    LocalTier.Copy copy = new LocalTier.Copy();
    assertThat(tier.replace(key, reservation, copy)).isTrue();
    return copy;
  }

  @Test
  void staysWithinItsBoundAndCountsWhatItEvicts() {
    for (int key = 0; key < 1_000; key++) {
      keep(key);
      assertThat(tier.size()).isLessThanOrEqualTo(100);
    }
    assertThat(evicted).hasSize(900);
  }

  @Test
  void aCopyReadSinceTheHandLastPassedOutlivesOneThatWasNot() {
    for (int key = 0; key < 100; key++) {
      keep(key);
    }
    for (int key = 0; key < 50; key++) {
      tier.get(key);
    }
    for (int key = 100; key < 150; key++) {
      keep(key);
    }
    for (int key = 0; key < 50; key++) {
      assertThat(tier.get(key)).as("read copy %d", key).isInstanceOf(LocalTier.Copy.class);
    }
    assertThat(evicted).hasSize(50);
  }

  @Test
  void aReadInFlightKeepsItsReservationAndAChangedSlotIsNotReplaced() {
    LocalTier.Slot reservation = new LocalTier.Slot();
    tier.put(-1, reservation);
    for (int key = 0; key < 500; key++) {
      keep(key);
    }
    assertThat(tier.get(-1)).isSameAs(reservation);
    assertThat(tier.remove(-1)).isTrue();
    assertThat(tier.replace(-1, reservation, new LocalTier.Copy())).as("invalidated meanwhile").isFalse();
    assertThat(tier.get(-1)).isNull();
  }

  @Test
  void clearEmptiesEverySlot() {
    for (int key = 0; key < 50; key++) {
      keep(key);
    }
    tier.clear();
    assertThat(tier.size()).isZero();
    assertThat(tier.get(7)).isNull();
  }

  @Test
  void concurrentKeepersNeverLeaveTheTierFarAboveItsBound() throws InterruptedException {
    int threads = 4;
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      int offset = t * 10_000;
      new Thread(() -> {
        for (int key = offset; key < offset + 5_000; key++) {
          keep(key);
          tier.get(key - 3);
        }
        done.countDown();
      }).start();
    }
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    // each keeper evicts down to the bound after its own insertion, so at most one copy per thread is above it
    assertThat(tier.size()).isBetween(1L, 100L + threads);
  }
}
