/**
 * Failure handling for remote stores, as decorators any remote store gets: a {@link
 * dev.cairn.cache.resilience.CircuitBreaker} per backend, {@link dev.cairn.cache.resilience.ResilientStore} around
 * each cache's store (fail-open or fail-closed, and no stale entry after recovery), and {@link
 * dev.cairn.cache.resilience.ResilientBackend}, which applies both where a backend opens its stores.
 */
@NullMarked
package dev.cairn.cache.resilience;

import org.jspecify.annotations.NullMarked;
