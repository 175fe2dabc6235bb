/** Entry processors: the {@code MutableEntry} that records what a processor did, for the engine to apply. */
@NullMarked
package dev.cairn.cache.processor;

import org.jspecify.annotations.NullMarked;
