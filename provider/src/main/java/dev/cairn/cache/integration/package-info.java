/** Read-through and write-through: the cache's {@code CacheLoader} and {@code CacheWriter} wrapped for the engine. */
@NullMarked
package dev.cairn.cache.integration;

import org.jspecify.annotations.NullMarked;
