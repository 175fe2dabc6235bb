package dev.cairn.cache.store;

/**
 * A marker for {@link Store} capabilities answered from this process's memory, never by a server (the counters of a
 * near cache, for example). Decorators that guard calls to a server (a circuit breaker) hand such a capability on
 * as it is, since it works whether or not the server answers.
 */
public interface LocalCapability {
}
