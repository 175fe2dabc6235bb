/**
 * The store SPI ({@code Store}, {@code StoreBackend}, {@code StoreProvider}, the optional capabilities) and the helpers
 * stores share.
 */
@NullMarked
package dev.cairn.cache.store;

import org.jspecify.annotations.NullMarked;
