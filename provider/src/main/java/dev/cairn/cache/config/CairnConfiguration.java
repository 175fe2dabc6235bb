package dev.cairn.cache.config;

import dev.cairn.cache.expiry.Clock;
import java.util.Objects;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;

/**
 * A cache configuration with Cairn's own settings on top of the standard ones. Any
 * {@link javax.cache.configuration.Configuration} works with Cairn; use this class for the extras:
 * <ul>
 *   <li>{@link #setMaximumSize(long)}: a bound on entries for the memory store (default: none); evictions are
 *       counted in statistics;</li>
 *   <li>{@link #setClock(Clock)}: the time source for expiry (default: the system clock); tests pass a manual
 *       clock instead of sleeping;</li>
 *   <li>{@link #setKeyVersion(long)}: the version versioned-key operations use when a call names none
 *       (default {@code 0}).</li>
 * </ul>
 * Not thread-safe while being built; the cache keeps its own copy.
 */
public class CairnConfiguration<K, V> extends MutableConfiguration<K, V> {

  private static final long serialVersionUID = 1L;

  private long maximumSize;
  private long keyVersion;
  private transient Clock clock = Clock.system();

  public CairnConfiguration() {
  }

  /** A copy of {@code configuration}, keeping Cairn's settings if it has them. */
  public CairnConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof CairnConfiguration<K, V> cairn) {
      this.maximumSize = cairn.maximumSize;
      this.keyVersion = cairn.keyVersion;
      this.clock = cairn.clock;
    }
  }

  /** The complete configuration a cache created from {@code configuration} has. */
  public static <K, V> CairnConfiguration<K, V> copyOf(Configuration<K, V> configuration) {
    if (configuration instanceof CompleteConfiguration<K, V> complete) {
      return new CairnConfiguration<>(complete);
    }
    CairnConfiguration<K, V> copy = new CairnConfiguration<>();
    copy.setTypes(configuration.getKeyType(), configuration.getValueType());
    copy.setStoreByValue(configuration.isStoreByValue());
    return copy;
  }

  public long getMaximumSize() {
    return maximumSize;
  }

  /** Bounds the number of entries (memory store); {@code 0} means unbounded. */
  public CairnConfiguration<K, V> setMaximumSize(long maximumSize) {
    if (maximumSize < 0) {
      throw new IllegalArgumentException("maximumSize must not be negative: " + maximumSize);
    }
    this.maximumSize = maximumSize;
    return this;
  }

  public long getKeyVersion() {
    return keyVersion;
  }

  /** Sets the version versioned-key operations use when a call names none. */
  public CairnConfiguration<K, V> setKeyVersion(long keyVersion) {
    this.keyVersion = keyVersion;
    return this;
  }

  public Clock getClock() {
    return clock == null ? Clock.system() : clock;
  }

  /** Sets the time source used to expire entries. */
  public CairnConfiguration<K, V> setClock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }
}
