/** The Redis store, on Lettuce: standalone, Sentinel and Cluster, with server-side scripts for atomic steps. */
@NullMarked
package dev.cairn.cache.store.redis;

import org.jspecify.annotations.NullMarked;
