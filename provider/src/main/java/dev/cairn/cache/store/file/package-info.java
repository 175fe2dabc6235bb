/** The durable local store: append-only segments on disk with an in-memory key index. */
@NullMarked
package dev.cairn.cache.store.file;

import org.jspecify.annotations.NullMarked;
