/**
 * The JCache provider: {@code CairnCachingProvider}, its cache managers, and {@code CairnCache}, a thin facade over the
 * engine.
 */
@NullMarked
package dev.cairn.cache;

import org.jspecify.annotations.NullMarked;
