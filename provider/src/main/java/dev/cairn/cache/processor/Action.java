package dev.cairn.cache.processor;

/** The one thing an entry processor's work amounts to, which the engine then carries out. */
public enum Action {
  /** Nothing observable: the entry was neither read nor changed. */
  NONE,
  /** The existing value was read: an access. */
  READ,
  /** A value was loaded through the cache's loader and is to be stored (never written through). */
  LOADED,
  /** A value is to be stored where none existed. */
  CREATED,
  /** The existing value is to be replaced. */
  UPDATED,
  /** The existing entry is to be removed. */
  DELETED
}
