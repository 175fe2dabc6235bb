package dev.cairn.cache.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCachingProvider;
import dev.cairn.cache.codec.Codecs;
import dev.cairn.cache.config.CairnConfiguration;
import dev.cairn.cache.expiry.ManualClock;
import dev.cairn.cache.model.EventRecorder.Received;
import dev.cairn.cache.model.ReferenceModel.Event;
import dev.cairn.cache.store.redis.RedisServer;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.EventType;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The model test: random sequences of every JCache call run against a cache of each store and against a
 * {@link ReferenceModel}, and every step must agree with the model, both in what the call returns and in the entry
 * events a synchronous listener receives. It reaches where the TCK does not: values whose serialized form is not
 * canonical, lists changed in place by entry processors, enums, application records and classes
 * (see {@link Sample}), expiry on a manual clock, and two managers sharing one Redis. When a sequence fails, jqwik
 * shrinks it and reports the shortest failing sequence it finds, one {@link Operation} per call.
 *
 * <p>The stores:
 * <ul>
 *   <li>memory and disk (a fresh temporary directory; {@code sync=none}, as durability is not what this checks):
 *       a created, modified or custom expiry policy (see {@link Policy}) of {@value #TIME_TO_LIVE} ms on a
 *       {@link ManualClock}, with steps that move the clock (exactly onto deadlines too);
 *   <li>Redis (a private {@code redis-server}): no expiry (the JDK's eternal policy, or a custom one) and no clock
 *       steps, because Redis expires keys on the server's own clock, which a test cannot move;
 *   <li>two managers of two {@link CairnCachingProvider}s on one Redis, as two JVMs would have, each call sent to
 *       either.
 * </ul>
 *
 * <p>Events: CREATED, UPDATED and REMOVED must match the model's exactly, as a multiset per call, and arrive before
 * the call returns. With two managers only the events a manager's listener receives on the calling thread count
 * (the synchronous ones of the manager that made the call); the other manager's copies arrive later, from Redis, on
 * another thread, and are not checked. EXPIRED events are checked leniently, in {@link #checkExpiredLeniently}.
 *
 * <p>Runs: each property makes {@code jqwik.tries.default} tries (set in {@code junit-platform.properties}, kept
 * small so that {@code ./mvnw verify} stays quick). For a longer run, raise it on the command line, e.g.
 * {@code ./mvnw -pl provider test -Dtest=CacheModelTest -Djqwik.tries.default=5000}. A failing run's seed is kept
 * in {@code target/jqwik-database} and replayed first next time.
 */
class CacheModelTest {

  /** The time to live of an entry on the stores with a manual clock. */
  static final long TIME_TO_LIVE = 10_000;
  private static final int MAX_STEPS = 40;
  private static final AtomicInteger CACHES = new AtomicInteger();

  private static Path directory;
  private static RedisServer redis;
  private static CairnCachingProvider provider;
  private static CairnCachingProvider otherProvider;

  @BeforeContainer
  static void start() throws IOException {
    directory = Files.createTempDirectory("cairn-model-");
    redis = RedisServer.start();
    provider = new CairnCachingProvider();
    otherProvider = new CairnCachingProvider();
  }

  @AfterContainer
  static void stop() throws IOException {
    provider.close();
    otherProvider.close();
    redis.close();
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @Property
  void memoryAgreesWithTheModel(@ForAll("expiring") Policy policy, @ForAll("withClock") List<Operation> operations) {
    check(List.of(manager(provider, "memory:model")), policy, onFirst(operations));
  }

  @Property
  void diskAgreesWithTheModel(@ForAll("expiring") Policy policy, @ForAll("withClock") List<Operation> operations) {
    check(List.of(manager(provider, "disk:" + directory.resolve("disk").toUri().getRawPath() + "?sync=none")),
        policy, onFirst(operations));
  }

  @Property
  void redisAgreesWithTheModel(@ForAll("eternal") Policy policy, @ForAll("withoutClock") List<Operation> operations) {
    check(List.of(manager(provider, redis.uri("prefix=model").toString())), policy, onFirst(operations));
  }

  @Property
  void twoManagersOnOneRedisAgreeWithTheModel(@ForAll("eternal") Policy policy,
      @ForAll("onEitherManager") List<Step> steps) {
    String store = redis.uri("prefix=shared").toString();
    check(List.of(manager(provider, store), manager(otherProvider, store)), policy, steps);
  }

  /**
   * The expiry policy of a cache under test. A JDK policy lets the engine write in one store step; any other makes it
   * read, ask the policy and compare-and-set, so the custom ones take the other path to the same answers.
   */
  enum Policy {
    /** {@code CreatedExpiryPolicy}: an entry lives {@value CacheModelTest#TIME_TO_LIVE} ms from its creation. */
    CREATED,
    /** {@code ModifiedExpiryPolicy}: the same, and every update starts the time again. */
    MODIFIED,
    /** A custom policy with {@code CREATED}'s durations. */
    CUSTOM_CREATED,
    /** No expiry (for Redis, whose clock the test cannot move). */
    ETERNAL,
    /** A custom policy that never expires. */
    CUSTOM_ETERNAL;

    /** The model's time to live. */
    long timeToLive() {
      return this == ETERNAL || this == CUSTOM_ETERNAL ? ReferenceModel.ETERNAL : TIME_TO_LIVE;
    }

    void configure(CairnConfiguration<String, Object> configuration) {
      Duration timeToLive = new Duration(TimeUnit.MILLISECONDS, TIME_TO_LIVE);
      switch (this) {
        case CREATED -> configuration.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(timeToLive));
        case MODIFIED -> configuration.setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(timeToLive));
        case CUSTOM_CREATED -> configuration.setExpiryPolicyFactory(
            FactoryBuilder.factoryOf(new CustomCreationPolicy(timeToLive)));
        case CUSTOM_ETERNAL -> configuration.setExpiryPolicyFactory(
            FactoryBuilder.factoryOf(new CustomCreationPolicy(Duration.ETERNAL)));
        case ETERNAL -> { }
      }
    }
  }

  /** Not one of the JDK's policies: a time to live from creation, leaving it alone on updates and reads. */
  record CustomCreationPolicy(Duration creation) implements ExpiryPolicy, Serializable {
    @Override
    public Duration getExpiryForCreation() {
      return creation;
    }

    @Override
    public Duration getExpiryForAccess() {
      return null;
    }

    @Override
    public Duration getExpiryForUpdate() {
      return null;
    }
  }

  @Provide
  Arbitrary<Policy> expiring() {
    return Arbitraries.of(Policy.CREATED, Policy.MODIFIED, Policy.CUSTOM_CREATED);
  }

  @Provide
  Arbitrary<Policy> eternal() {
    return Arbitraries.of(Policy.ETERNAL, Policy.CUSTOM_ETERNAL);
  }

  @Provide
  Arbitrary<List<Operation>> withClock() {
    return sequences(Operation.arbitrary(true, TIME_TO_LIVE));
  }

  @Provide
  Arbitrary<List<Operation>> withoutClock() {
    return sequences(Operation.arbitrary(false, TIME_TO_LIVE));
  }

  @Provide
  Arbitrary<List<Step>> onEitherManager() {
    return sequences(Combinators.combine(Arbitraries.integers().between(0, 1), Operation.arbitrary(false, TIME_TO_LIVE))
        .as(Step::new));
  }

  /** Sequences of 1 to {@value #MAX_STEPS} steps, every length as likely (long ones find more). */
  private static <T> Arbitrary<List<T>> sequences(Arbitrary<T> step) {
    return step.list().ofMinSize(1).ofMaxSize(MAX_STEPS).withSizeDistribution(RandomDistribution.uniform());
  }

  /** One call, made through the manager at index {@code manager}. */
  record Step(int manager, Operation operation) {
  }

  private static List<Step> onFirst(List<Operation> operations) {
    return operations.stream().map(operation -> new Step(0, operation)).toList();
  }

  /**
   * The manager of {@code provider} for {@code store}, opened through a configuration document that allows this
   * package's classes: Java serialization on Redis and disk decodes only the JDK's types, a cache's declared type
   * and what the manager's {@code serialization.allow} (or the system property {@value Codecs#ALLOW_PROPERTY})
   * adds, and these caches hold {@link Basket}s in caches of {@code Object}, as an application would.
   */
  private static CacheManager manager(CairnCachingProvider provider, String store) {
    Path document = directory.resolve(Integer.toHexString(store.hashCode()) + ".yaml");
    try {
      if (Files.notExists(document)) {
        Files.writeString(document, "store: \"" + store + "\"\nserialization:\n  allow: [\""
            + CacheModelTest.class.getPackageName() + ".*\"]\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return provider.getCacheManager(document.toUri(), CacheModelTest.class.getClassLoader());
  }

  /** A cache of the model test as one manager sees it, with the listener that records its events. */
  private record Side(Cache<String, Object> cache, EventRecorder events) {
  }

  /**
   * Runs {@code steps} on a new cache, created by the first manager and opened by the others, and compares each step
   * with the model; the cache is destroyed afterwards.
   */
  private static void check(List<CacheManager> managers, Policy policy, List<Step> steps) {
    String name = "model-" + CACHES.incrementAndGet();
    ManualClock clock = new ManualClock();
    CairnConfiguration<String, Object> configuration = new CairnConfiguration<>();
    configuration.setClock(clock).setTypes(String.class, Object.class);
    policy.configure(configuration);
    List<Side> sides = new ArrayList<>();
    try {
      for (CacheManager manager : managers) {
        Cache<String, Object> cache = sides.isEmpty() ? manager.createCache(name, configuration)
            : manager.getCache(name, String.class, Object.class);
        EventRecorder recorder = new EventRecorder();
        cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(recorder), null, true, true));
        sides.add(new Side(cache, recorder));
      }
      ReferenceModel model = new ReferenceModel(policy.timeToLive(), policy == Policy.MODIFIED);
      for (int i = 0; i < steps.size(); i++) {
        Step step = steps.get(i);
        String where = "step " + (i + 1) + " of " + steps.size() + ", " + step.operation()
            + (sides.size() > 1 ? " on manager " + step.manager() : "");
        Object actual = step.operation().actual().on(sides.get(step.manager()).cache(), clock, model);
        Object expected = step.operation().expected().apply(model);
        assertThat(actual).as(where + ": the result").isEqualTo(expected);
        checkEvents(where, sides, step.manager(), model);
      }
    } finally {
      managers.get(0).destroyCache(name);
    }
  }

  /**
   * The events of the last step: the acting manager's CREATED, UPDATED and REMOVED must be the model's, exactly.
   * With one manager every such event counts, whatever thread delivered it (a late one is wrong, since the listener
   * is synchronous); with several, only those delivered on this thread, as the others' come from the other manager.
   */
  private static void checkEvents(String where, List<Side> sides, int acting, ReferenceModel model) {
    List<Event> changes = new ArrayList<>();
    List<Event> expiries = new ArrayList<>();
    for (int i = 0; i < sides.size(); i++) {
      for (Received received : sides.get(i).events().take()) {
        if (received.event().type() == EventType.EXPIRED) {
          expiries.add(received.event());
        } else if (sides.size() == 1 || (i == acting && received.thread() == Thread.currentThread())) {
          changes.add(received.event());
        }
      }
    }
    assertThat(changes).as(where + ": the CREATED, UPDATED and REMOVED events")
        .containsExactlyInAnyOrderElementsOf(model.takeEvents());
    checkExpiredLeniently(where, expiries, model);
  }

  /**
   * The EXPIRED check, lenient for now: each EXPIRED event must be for an expiry the model saw (same key and
   * value), and each expiry may be reported once. Not yet required: that an expiry is reported at all, and that
   * a synchronous listener hears of it before the call that found the entry expired returns. Issue 20 (items 6 and
   * 7) is fixing when stores publish EXPIRED; once it is, tighten this to an exact per-step comparison, as
   * {@link #checkEvents} does for the other types, with the model publishing EXPIRED where a call observes one.
   */
  private static void checkExpiredLeniently(String where, List<Event> expiries, ReferenceModel model) {
    for (Event expiry : expiries) {
      boolean seen = model.expired().remove(expiry);
      assertThat(seen).as(where + ": an EXPIRED event for an expiry the model saw, and only once: " + expiry
          + " (expiries not yet reported: " + model.expired() + ")").isTrue();
    }
  }
}
