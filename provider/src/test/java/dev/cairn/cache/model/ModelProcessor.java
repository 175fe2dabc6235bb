package dev.cairn.cache.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * An entry processor of the model test, and what it does to the model's entry: the cache runs it, the model asks
 * {@link #outcome} instead. The processors are written the way application code is, in particular
 * {@link AppendInPlace}, which changes the value it got and sets it back.
 */
sealed interface ModelProcessor extends EntryProcessor<String, Object, Object>, Serializable {

  /** What the processor does to an entry whose current value is {@code current} ({@code null}: absent). */
  Outcome outcome(Object current);

  /** Each kind of processor. */
  static Arbitrary<ModelProcessor> arbitrary() {
    return Arbitraries.oneOf(
        Arbitraries.of("x", "y").map(AppendInPlace::new),
        Arbitraries.of(TimeUnit.class).map(AddToSetCopy::new),
        Arbitraries.of("x", "y").map(AppendWithoutSetting::new),
        Arbitraries.of("x", "y").map(SetThenFail::new),
        Arbitraries.just(new RemoveEntry()),
        Arbitraries.just(new ReadValue()));
  }

  /** What to do with the entry afterwards. */
  enum Action { NONE, SET, REMOVE }

  /**
   * A processor's effect.
   *
   * @param action what happens to the entry
   * @param value the new value for {@link Action#SET}
   * @param result what {@code invoke} returns
   */
  record Outcome(Action action, Object value, Object result) {
  }

  /** Adds {@code element} to the list it finds (a new list if there is none, or the value is no list). */
  record AppendInPlace(String element) implements ModelProcessor {
    @Override
    @SuppressWarnings("unchecked")
    public Object process(MutableEntry<String, Object> entry, Object... arguments) {
      List<Object> list = entry.getValue() instanceof List<?> found ? (List<Object>) found : new ArrayList<>();
      list.add(element);
      entry.setValue(list);
      return list.size();
    }

    @Override
    public Outcome outcome(Object current) {
      List<Object> list = current instanceof List<?> found ? new ArrayList<>(found) : new ArrayList<>();
      list.add(element);
      return new Outcome(Action.SET, list, list.size());
    }
  }

  /**
   * Adds {@code element} to the list it finds but never calls {@code setValue}: the change must not reach the
   * cache, whose entries the caller's objects do not alias (store by value).
   */
  record AppendWithoutSetting(String element) implements ModelProcessor {
    @Override
    @SuppressWarnings("unchecked")
    public Object process(MutableEntry<String, Object> entry, Object... arguments) {
      if (entry.getValue() instanceof List<?> found) {
        ((List<Object>) found).add(element);
        return found.size();
      }
      return -1;
    }

    @Override
    public Outcome outcome(Object current) {
      return new Outcome(Action.NONE, null, current instanceof List<?> found ? found.size() + 1 : -1);
    }
  }

  /**
   * Sets {@code value}, then throws: {@code invoke} must fail with an {@code EntryProcessorException} and change
   * nothing.
   */
  record SetThenFail(String value) implements ModelProcessor {
    /** What the model test's {@code invoke} returns for the exception the cache throws. */
    static final String FAILED = "EntryProcessorException caused by IllegalStateException";

    @Override
    public Object process(MutableEntry<String, Object> entry, Object... arguments) {
      entry.setValue(value);
      throw new IllegalStateException("the processor fails after setValue");
    }

    @Override
    public Outcome outcome(Object current) {
      return new Outcome(Action.NONE, null, FAILED);
    }
  }

  /** Sets a copy of the set it finds (an empty one if none) with {@code unit} added. */
  record AddToSetCopy(TimeUnit unit) implements ModelProcessor {
    @Override
    public Object process(MutableEntry<String, Object> entry, Object... arguments) {
      Set<Object> copy = entry.getValue() instanceof Set<?> found ? new HashSet<>(found) : new HashSet<>();
      boolean added = copy.add(unit);
      entry.setValue(copy);
      return added;
    }

    @Override
    public Outcome outcome(Object current) {
      Set<Object> copy = current instanceof Set<?> found ? new HashSet<>(found) : new HashSet<>();
      boolean added = copy.add(unit);
      return new Outcome(Action.SET, copy, added);
    }
  }

  /** Removes the entry; returns whether it existed. */
  record RemoveEntry() implements ModelProcessor {
    @Override
    public Object process(MutableEntry<String, Object> entry, Object... arguments) {
      boolean existed = entry.exists();
      entry.remove();
      return existed;
    }

    @Override
    public Outcome outcome(Object current) {
      return new Outcome(Action.REMOVE, null, current != null);
    }
  }

  /** Only reads: returns the value. */
  record ReadValue() implements ModelProcessor {
    @Override
    public Object process(MutableEntry<String, Object> entry, Object... arguments) {
      return entry.getValue();
    }

    @Override
    public Outcome outcome(Object current) {
      return new Outcome(Action.NONE, null, current);
    }
  }
}
