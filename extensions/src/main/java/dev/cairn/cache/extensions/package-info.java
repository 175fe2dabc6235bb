/**
 * Operations JCache lacks, over any Cairn cache: counters, times to live, key versions, get-or-set, pattern
 * invalidation, sets and an asynchronous view.
 */
@NullMarked
package dev.cairn.cache.extensions;

import org.jspecify.annotations.NullMarked;
