/** Expiry as the engine sees it: the clock, and the calls to a cache's {@code ExpiryPolicy} the spec prescribes. */
@NullMarked
package dev.cairn.cache.expiry;

import org.jspecify.annotations.NullMarked;
