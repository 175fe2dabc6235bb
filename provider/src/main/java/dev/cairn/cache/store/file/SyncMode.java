package dev.cairn.cache.store.file;

import java.util.Locale;

/**
 * When the disk store forces written records to the device ({@code fsync}). Every mode hands each record to the
 * operating system before the write returns, so an acknowledged write survives the JVM being killed; the modes
 * differ in what survives a crash of the machine or a power loss.
 */
enum SyncMode {

  /**
   * Each write returns only once it is on the device. Writers that arrive while a sync runs share the next one
   * (group commit), so concurrent writers cost far fewer syncs than writes.
   */
  ALWAYS,

  /**
   * A background thread syncs every {@code syncInterval}: one sync covers every write of the interval, and a machine
   * crash loses at most the last interval's writes.
   */
  INTERVAL,

  /** Syncs only when a segment is full, on compaction and on close; the operating system decides the rest. */
  NONE;

  /** The mode named by a URI parameter value, in any case. */
  static SyncMode parse(String text) {
    return valueOf(text.trim().toUpperCase(Locale.ROOT));
  }
}
