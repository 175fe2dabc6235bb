/** Entry events and their delivery to a cache's registered listeners, synchronous and asynchronous. */
@NullMarked
package dev.cairn.cache.event;

import org.jspecify.annotations.NullMarked;
