package dev.cairn.cache.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The open-addressing index against a plain map, with hashes chosen to collide: few distinct hashes, in few
 * stripes, so that runs of entries are long, wrap around the arrays' end, grow and shrink by removals.
 */
class KeyIndexTest {

  /** Each slot's "record" holds a key: here, the offset names it. */
  private final List<Integer> keyAtOffset = new ArrayList<>();
  private final KeyIndex index = new KeyIndex();

  @Test
  void findsEveryKeyAmongCollidingHashesThroughAddsReplacementsAndRemovals() {
    Random random = new Random(17);
    Map<Integer, Integer> model = new HashMap<>();
    for (int round = 0; round < 60_000; round++) {
      int key = random.nextInt(3_000);
      switch (random.nextInt(3)) {
        case 0, 1 -> {
          int offset = newRecord(key);
          index.compute(hash(key), candidate -> check(candidate, key), found -> slot(key, offset));
          model.put(key, offset);
        }
        default -> {
          index.compute(hash(key), candidate -> check(candidate, key), found -> null);
          model.remove(key);
        }
      }
      if (round % 5_000 == 0) {
        assertMatches(model);
      }
    }
    assertMatches(model);
  }

  @Test
  void damagedCandidatesAreDroppedAndTheOthersStillFound() {
    // one hash for all: key 49, written last, is found after all the others
    for (int key = 0; key < 50; key++) {
      int offset = newRecord(key);
      int k = key;
      index.compute(42, candidate -> check(candidate, k), found -> new Slot(42, 1, offset, 30, 0, 1));
    }
    // every even key's record is unreadable: looking up key 49 passes (and drops) them all
    index.compute(42, candidate -> {
      int owner = keyAtOffset.get(candidate.offset());
      return owner % 2 == 0 ? KeyIndex.Match.DAMAGED : check(candidate, 49);
    }, found -> found);
    assertThat(index.size()).isEqualTo(25);
    for (Slot slot : index.candidates(42, false)) {
      assertThat(keyAtOffset.get(slot.offset()) % 2).isOne();
    }
  }

  @Test
  void removeIfAndClearLeaveAConsistentIndex() {
    Map<Integer, Integer> model = new HashMap<>();
    for (int key = 0; key < 2_000; key++) {
      int offset = newRecord(key);
      int k = key;
      index.compute(hash(key), candidate -> check(candidate, k), found -> slot(k, offset));
      model.put(key, offset);
    }
    index.removeIf(slot -> keyAtOffset.get(slot.offset()) % 3 == 0);
    model.keySet().removeIf(key -> key % 3 == 0);
    assertMatches(model);

    index.clear();
    assertThat(index.size()).isZero();
    assertMatches(Map.of());
  }

  private void assertMatches(Map<Integer, Integer> model) {
    assertThat(index.size()).isEqualTo(model.size());
    for (int key = 0; key < 3_000; key++) {
      Slot slot = lookup(key);
      assertThat(slot == null ? null : slot.offset()).as("key %d", key).isEqualTo(model.get(key));
    }
    int entries = 0;
    for (int stripe = 0; stripe < KeyIndex.STRIPES; stripe++) {
      entries += index.entries(stripe).size();
    }
    assertThat(entries).isEqualTo(model.size());
  }

  private Slot lookup(int key) {
    for (Slot candidate : index.candidates(hash(key), false)) {
      if (keyAtOffset.get(candidate.offset()) == key) {
        return candidate;
      }
    }
    return null;
  }

  private int newRecord(int key) {
    keyAtOffset.add(key);
    return keyAtOffset.size() - 1;
  }

  private KeyIndex.Match check(Slot candidate, int key) {
    return keyAtOffset.get(candidate.offset()) == key ? KeyIndex.Match.SAME : KeyIndex.Match.OTHER;
  }

  private static Slot slot(int key, int offset) {
    return new Slot(hash(key), 1, offset, 30, RecordFormat.ETERNAL, 1);
  }

  /** 4 stripes and 40 stored hashes, spread over the arrays (and to their ends, so that runs wrap). */
  private static long hash(int key) {
    long stripe = (key % 4) * 17L;
    int stored = (int) ((key % 40) * 0x0690_0000L + (key % 7 == 0 ? 0xFFFF_FFF0L : 0));
    return (stripe << 58) | (stored & 0xffffffffL);
  }
}
