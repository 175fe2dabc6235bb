/** The in-memory store, on Caffeine. */
@NullMarked
package dev.cairn.cache.store.memory;

import org.jspecify.annotations.NullMarked;
