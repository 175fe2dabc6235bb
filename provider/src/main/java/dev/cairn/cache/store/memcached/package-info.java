/** The memcached store: a small meta-protocol client, consistent hashing, CAS writes and a key index per cache. */
@NullMarked
package dev.cairn.cache.store.memcached;

import org.jspecify.annotations.NullMarked;
