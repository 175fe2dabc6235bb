package dev.cairn.cache.model;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A value for the model test, described so that a shrunk failure reads well and each use gets a fresh instance
 * ({@link #make()}): the cache and the model never share a mutable object.
 *
 * <p>The kinds are chosen for what the TCK does not reach: hash sets and maps whose Java serialization is not
 * canonical (they write their capacity, which decoding does not keep; a map made with {@code new HashMap<>(64)}
 * is the extreme case), lists that entry processors change in place, sets of JDK enums (whose hash codes, so the
 * serialized order, differ between JVMs), and an application record holding a list of application objects and an
 * application enum.
 */
sealed interface Sample {

  /** A new instance of the value, equal to every other one this sample makes. */
  Object make();

  /** Values of every kind, small enough that equal values of different sequences meet often. */
  static Arbitrary<Sample> arbitrary() {
    Arbitrary<Integer> sizes = Arbitraries.integers().between(0, 14);
    return Arbitraries.oneOf(
        Arbitraries.of("a", "b", "c").map(Text::new),
        sizes.map(SetOf::new),
        Combinators.combine(sizes, Arbitraries.of(false, true)).as(MapOf::new),
        Arbitraries.integers().between(0, 4).map(ListOf::new),
        Arbitraries.integers().between(0, (1 << TimeUnit.values().length) - 1).map(Units::new),
        Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.of(Basket.Grade.class))
            .as(BasketOf::new));
  }

  /** A string. */
  record Text(String text) implements Sample {
    @Override
    public Object make() {
      return new String(text);
    }
  }

  /** A {@code HashSet} of {@code size} strings. */
  record SetOf(int size) implements Sample {
    @Override
    public Object make() {
      HashSet<Object> set = new HashSet<>();
      for (int i = 0; i < size; i++) {
        set.add("m" + i);
      }
      return set;
    }
  }

  /** A {@code HashMap} of {@code size} entries; if {@code roomy}, made with a capacity of 64. */
  record MapOf(int size, boolean roomy) implements Sample {
    @Override
    public Object make() {
      HashMap<String, Integer> map = roomy ? new HashMap<>(64) : new HashMap<>();
      for (int i = 0; i < size; i++) {
        map.put("e" + i, i);
      }
      return map;
    }
  }

  /** An {@code ArrayList} of {@code size} strings. */
  record ListOf(int size) implements Sample {
    @Override
    public Object make() {
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        list.add("l" + i);
      }
      return list;
    }
  }

  /** A {@code HashSet} of the {@link TimeUnit}s whose ordinals are set in {@code mask}. */
  record Units(int mask) implements Sample {
    @Override
    public Object make() {
      HashSet<Object> units = new HashSet<>();
      for (TimeUnit unit : EnumSet.allOf(TimeUnit.class)) {
        if ((mask & (1 << unit.ordinal())) != 0) {
          units.add(unit);
        }
      }
      return units;
    }
  }

  /** A {@link Basket} of {@code items} items. */
  record BasketOf(int items, Basket.Grade grade) implements Sample {
    @Override
    public Object make() {
      List<Basket.Item> list = new ArrayList<>();
      for (int i = 0; i < items; i++) {
        list.add(new Basket.Item("item" + i, i + 1));
      }
      return new Basket("ann", list, grade);
    }
  }
}
