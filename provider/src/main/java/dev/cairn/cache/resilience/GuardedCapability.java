package dev.cairn.cache.resilience;

import dev.cairn.cache.store.AsyncCapability;
import dev.cairn.cache.store.LeaseCapability;
import dev.cairn.cache.store.StoreUnavailableException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A store capability ({@code CounterCapability}, {@code SetCapability}...) behind the store's {@link
 * CircuitBreaker}: while it is open, calls fail at once with a {@link StoreUnavailableException} (returned as a
 * failed stage by the {@code ...Async} methods), and each outcome counts towards opening it, as for the store's own
 * steps.
 *
 * <p>In both failure modes these calls fail rather than pretend: a counter, a set or a remaining time to live has
 * no honest answer without the server. Two exceptions in {@link FailureMode#OPEN}: write leases ({@link
 * LeaseCapability}) are granted, since no other process can be coordinated through an unreachable server and the
 * local lock still orders this one's writers; and the keys an {@link AsyncCapability} write could not make are
 * remembered for invalidation, as {@link ResilientStore} does for its own.
 */
final class GuardedCapability implements InvocationHandler {

  private static final Set<String> ASYNC_WRITES = Set.of("writeAsync", "removeAsync", "expireAsync", "putAllAsync",
      "removeAllAsync");

  private final Object target;
  private final CircuitBreaker breaker;
  private final FailureMode mode;
  private final RememberedKeys<Object> remembered;
  private final boolean leases;
  private final boolean async;

  private GuardedCapability(Class<?> type, Object target, CircuitBreaker breaker, FailureMode mode,
      RememberedKeys<Object> remembered) {
    this.target = target;
    this.breaker = breaker;
    this.mode = mode;
    this.remembered = remembered;
    this.leases = type == LeaseCapability.class;
    this.async = type == AsyncCapability.class;
  }

  @SuppressWarnings("unchecked")
  static <T> T of(Class<T> type, T capability, CircuitBreaker breaker, FailureMode mode,
      RememberedKeys<?> remembered) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        new GuardedCapability(type, capability, breaker, mode, (RememberedKeys<Object>) remembered)));
  }

  @Override
  public @Nullable Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return method.invoke(target, args);
    }
    boolean stage = CompletionStage.class.isAssignableFrom(method.getReturnType());
    if (!breaker.allows()) {
      breaker.countNotSent();
      return unavailable(method, args, stage, breaker.notSentFailure());
    }
    Object result;
    try {
      result = method.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof StoreUnavailableException failure) {
        breaker.recordFailure(failure);
        return unavailable(method, args, stage, failure);
      }
      throw e.getCause();
    }
    if (!stage) {
      breaker.recordSuccess();
      return result;
    }
    return ((CompletionStage<?>) result).handle((value, thrown) -> {
      Throwable cause = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause()
          : thrown;
      if (cause == null) {
        breaker.recordSuccess();
        return CompletableFuture.completedStage(value);
      }
      if (cause instanceof StoreUnavailableException failure) {
        breaker.recordFailure(failure);
        try {
          @SuppressWarnings("unchecked") // for a stage method, unavailable answers a stage
          CompletionStage<Object> fallback = (CompletionStage<Object>) unavailable(method, args, true, failure);
          return fallback;
        } catch (Throwable rethrown) {
          return CompletableFuture.failedStage(rethrown);
        }
      }
      return CompletableFuture.failedStage(cause);
    }).thenCompose(next -> next);
  }

  /** What a call answers when the server cannot be reached; a failure unless the mode grants it. */
  private @Nullable Object unavailable(Method method, Object[] args, boolean stage, StoreUnavailableException failure)
      throws StoreUnavailableException {
    if (async && ASYNC_WRITES.contains(method.getName())) {
      switch (method.getName()) {
        case "putAllAsync" -> remembered.remember(((Map<?, ?>) args[0]).keySet());
        case "removeAllAsync" -> remembered.remember((Collection<?>) args[0]);
        default -> remembered.remember(args[0]);
      }
    }
    if (mode == FailureMode.OPEN && leases) {
      Object granted = method.getName().startsWith("tryLease") ? Boolean.TRUE : null;
      return stage || method.getName().endsWith("Async") ? CompletableFuture.completedStage(granted) : granted;
    }
    if (stage) {
      return CompletableFuture.failedStage(failure);
    }
    throw failure;
  }
}
