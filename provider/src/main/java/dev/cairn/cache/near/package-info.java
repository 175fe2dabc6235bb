/**
 * The near cache: a local tier in front of a remote store, kept coherent by the server's own change notifications,
 * as decorators any remote store with a {@link dev.cairn.cache.store.TrackingCapability} gets. See
 * {@code docs/near-cache.md} for the design and the races it closes.
 */
@NullMarked
package dev.cairn.cache.near;

import org.jspecify.annotations.NullMarked;
