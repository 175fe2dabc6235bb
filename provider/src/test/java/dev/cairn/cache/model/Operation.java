package dev.cairn.cache.model;

import dev.cairn.cache.expiry.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessorException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * One call of the model test: made on the cache under test ({@link #actual}), then on the {@link ReferenceModel}
 * ({@link #expected}); the two results must be equal. {@link #toString} is the call as written in Java, so a
 * shrunk failure reads as the calls that make it.
 *
 * @param call the call, as text
 * @param actual makes the call on the cache
 * @param expected makes the call on the model and returns what the cache must have returned
 */
record Operation(String call, Actual actual, Function<ReferenceModel, Object> expected) {

  /** The keys every sequence uses: few, so that calls meet on the same entries. */
  static final List<String> KEYS = List.of("k0", "k1", "k2", "k3");

  /** A call on the cache under test. */
  @FunctionalInterface
  interface Actual {
    /**
     * Makes the call on {@code cache}; {@code before} is the model before the call, for arguments that depend on it
     * (it must not be changed here).
     */
    Object on(Cache<String, Object> cache, ManualClock clock, ReferenceModel before);
  }

  @Override
  public String toString() {
    return call;
  }

  /** Every JCache call; with {@code clockSteps}, also moving the clock on by up to {@code timeToLive}. */
  static Arbitrary<Operation> arbitrary(boolean clockSteps, long timeToLive) {
    Arbitrary<String> key = Arbitraries.of(KEYS);
    Arbitrary<Sample> value = Sample.arbitrary();
    Arbitrary<Set<String>> keys = Arbitraries.of(KEYS).set().ofMaxSize(KEYS.size());
    Arbitrary<Boolean> fromModel = Arbitraries.of(true, false);
    List<Arbitrary<Operation>> calls = List.of(
        key.map(k -> new Operation("get(" + k + ")", (c, clock, m) -> c.get(k), m -> m.get(k))),
        key.map(k -> new Operation("containsKey(" + k + ")",
            (c, clock, m) -> c.containsKey(k), m -> m.containsKey(k))),
        Combinators.combine(key, value).as((k, v) -> command("put(" + k + ", " + v + ")",
            (c, clock, m) -> c.put(k, v.make()), m -> m.getAndPut(k, v.make()))),
        Combinators.combine(key, value).as((k, v) -> new Operation("getAndPut(" + k + ", " + v + ")",
            (c, clock, m) -> c.getAndPut(k, v.make()), m -> m.getAndPut(k, v.make()))),
        Combinators.combine(key, value).as((k, v) -> new Operation("putIfAbsent(" + k + ", " + v + ")",
            (c, clock, m) -> c.putIfAbsent(k, v.make()), m -> m.putIfAbsent(k, v.make()))),
        key.map(k -> new Operation("remove(" + k + ")",
            (c, clock, m) -> c.remove(k), m -> m.getAndRemove(k) != null)),
        Combinators.combine(key, value, fromModel).as((k, v, current) -> new Operation(
            "remove(" + k + ", " + comparandText(v, current) + ")",
            (c, clock, m) -> c.remove(k, comparand(m, k, v, current)),
            m -> m.remove(k, comparand(m, k, v, current)))),
        key.map(k -> new Operation("getAndRemove(" + k + ")",
            (c, clock, m) -> c.getAndRemove(k), m -> m.getAndRemove(k))),
        Combinators.combine(key, value).as((k, v) -> new Operation("replace(" + k + ", " + v + ")",
            (c, clock, m) -> c.replace(k, v.make()),
            m -> m.containsKey(k) && m.getAndReplace(k, v.make()) != null)),
        Combinators.combine(key, value, fromModel, value).as((k, old, current, v) -> new Operation(
            "replace(" + k + ", " + comparandText(old, current) + ", " + v + ")",
            (c, clock, m) -> c.replace(k, comparand(m, k, old, current), v.make()),
            m -> m.replace(k, comparand(m, k, old, current), v.make()))),
        Combinators.combine(key, value).as((k, v) -> new Operation("getAndReplace(" + k + ", " + v + ")",
            (c, clock, m) -> c.getAndReplace(k, v.make()), m -> m.getAndReplace(k, v.make()))),
        Combinators.combine(key, ModelProcessor.arbitrary()).as((k, p) -> new Operation(
            "invoke(" + k + ", " + p + ")", (c, clock, m) -> invoke(c, k, p), m -> m.invoke(k, p))),
        keys.map(ks -> new Operation("getAll(" + ks + ")",
            (c, clock, m) -> c.getAll(new LinkedHashSet<>(ks)), m -> m.getAll(ks))),
        Arbitraries.maps(key, value).ofMaxSize(KEYS.size()).map(vs -> command("putAll(" + vs + ")",
            (c, clock, m) -> c.putAll(made(vs)), m -> m.putAll(made(vs)))),
        keys.map(ks -> command("removeAll(" + ks + ")",
            (c, clock, m) -> c.removeAll(new LinkedHashSet<>(ks)), m -> m.removeAll(ks))),
        Arbitraries.just(command("removeAll()",
            (c, clock, m) -> c.removeAll(), m -> m.removeAll(KEYS))),
        Arbitraries.just(new Operation("iterator()", (c, clock, m) -> iterate(c), ReferenceModel::entries)),
        Arbitraries.just(command("clear()",
            (c, clock, m) -> c.clear(), m -> m.clear())));
    if (!clockSteps) {
      return Arbitraries.oneOf(calls);
    }
    // 1 ms and the whole time to live reach deadlines exactly; quarters reach them in several steps
    Arbitrary<Operation> tick = Arbitraries.of(1L, timeToLive / 4, timeToLive / 2, timeToLive).map(millis ->
        command("clock.advance(" + millis + " ms)",
            (c, clock, m) -> clock.advance(Duration.ofMillis(millis)), m -> m.advance(millis)));
    return Arbitraries.frequencyOf(Tuple.of(calls.size(), Arbitraries.oneOf(calls)), Tuple.of(5, tick));
  }

  /** A call that returns nothing. */
  private static Operation command(String call, Command actual, Consumer<ReferenceModel> expected) {
    return new Operation(call, (cache, clock, before) -> {
      actual.on(cache, clock, before);
      return null;
    }, model -> {
      expected.accept(model);
      return null;
    });
  }

  /** A call on the cache under test that returns nothing. */
  @FunctionalInterface
  private interface Command {
    void on(Cache<String, Object> cache, ManualClock clock, ReferenceModel before);
  }

  /** Fresh values for a {@code putAll}. */
  private static Map<String, Object> made(Map<String, Sample> values) {
    Map<String, Object> made = new HashMap<>();
    values.forEach((key, sample) -> made.put(key, sample.make()));
    return made;
  }

  /** {@code invoke}, with the exception a failing processor causes as its text, which the model returns too. */
  private static Object invoke(Cache<String, Object> cache, String key, ModelProcessor processor) {
    try {
      return cache.invoke(key, processor);
    } catch (EntryProcessorException e) {
      Throwable cause = e.getCause();
      return "EntryProcessorException caused by " + (cause == null ? null : cause.getClass().getSimpleName());
    }
  }

  /** Every entry iteration gives, failing if it gives a key twice. */
  private static Map<String, Object> iterate(Cache<String, Object> cache) {
    Map<String, Object> seen = new HashMap<>();
    for (Cache.Entry<String, Object> entry : cache) {
      if (seen.put(entry.getKey(), entry.getValue()) != null) {
        throw new AssertionError("iteration gave " + entry.getKey() + " twice");
      }
    }
    return seen;
  }

  private static String comparandText(Sample sample, boolean fromModel) {
    return fromModel ? "<a copy of the current value, else " + sample + ">" : sample.toString();
  }

  /**
   * The value a conditional call compares with: if {@code fromModel} and the model has a value, a copy of it made by
   * a serialization round trip (equal, but not the same object, and for a roomy map not the same bytes either);
   * otherwise {@code sample}'s.
   */
  private static Object comparand(ReferenceModel model, String key, Sample sample, boolean fromModel) {
    Object current = model.peek(key);
    return fromModel && current != null ? roundTrip(current) : sample.make();
  }

  private static Object roundTrip(Object value) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(value);
      }
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        return in.readObject();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
