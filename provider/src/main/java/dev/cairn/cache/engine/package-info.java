/**
 * The JCache rules, once for every store: read, decide, write through, commit, publish events and record statistics.
 */
@NullMarked
package dev.cairn.cache.engine;

import org.jspecify.annotations.NullMarked;
