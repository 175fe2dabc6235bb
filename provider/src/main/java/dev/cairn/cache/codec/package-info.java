/**
 * Codecs that turn keys and values into bytes and back (Java serialization, JSON, strings, numbers), and the copier for
 * store-by-value.
 */
@NullMarked
package dev.cairn.cache.codec;

import org.jspecify.annotations.NullMarked;
