package dev.cairn.cache.config;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * The settings of a cache that another JVM can rebuild from a shared registry: types, store-by-value, statistics,
 * management, the size bounds and a JDK expiry policy. Loaders, writers, listeners and custom expiry policies are
 * code, not data: each JVM configures its own.
 *
 * <p>The {@code epoch} names one life of the cache, from its creation to its destruction, so that a process can
 * tell the cache it opened from one destroyed and created again under the same name.
 *
 * <p>Written as {@code key=value} lines, never as serialized Java objects, because the registry is read back from
 * a server and is therefore untrusted input.
 *
 * @param expiryDuration the policy's duration as {@code <amount> <TimeUnit>}, or {@code eternal}
 * @param maximumBytes the bound on the bytes of the entries ({@code CairnConfiguration#setMaximumBytes}); absent
 *     ({@code 0}) in descriptors written before it existed
 */
public record CacheDescriptor(String keyType, String valueType, boolean storeByValue, boolean statistics,
    boolean management, long maximumSize, String expiry, String expiryDuration, String epoch, long maximumBytes) {

  private static final String ETERNAL = "eternal";
  private static final SecureRandom EPOCHS = new SecureRandom();

  public CacheDescriptor {
    Objects.requireNonNull(expiryDuration, "expiryDuration");
    Objects.requireNonNull(epoch, "epoch");
  }

  /** Describes {@code configuration}, with its expiry policy if it is one of the JDK's, in a new epoch. */
  public static CacheDescriptor of(CairnConfiguration<?, ?> configuration) {
    String expiry = ETERNAL;
    ExpiryPolicy policy = configuration.getExpiryPolicyFactory().create();
    Duration duration = null;
    if (policy instanceof CreatedExpiryPolicy) {
      expiry = "created";
      duration = policy.getExpiryForCreation();
    } else if (policy instanceof AccessedExpiryPolicy) {
      expiry = "accessed";
      duration = policy.getExpiryForCreation();
    } else if (policy instanceof ModifiedExpiryPolicy) {
      expiry = "modified";
      duration = policy.getExpiryForCreation();
    } else if (policy instanceof TouchedExpiryPolicy) {
      expiry = "touched";
      duration = policy.getExpiryForCreation();
    } else if (!(policy instanceof EternalExpiryPolicy)) {
      expiry = "custom";
    }
    String durationText = duration == null || duration.isEternal() ? ETERNAL
        : duration.getDurationAmount() + " " + duration.getTimeUnit().name();
    byte[] epoch = new byte[8];
    EPOCHS.nextBytes(epoch);
    return new CacheDescriptor(configuration.getKeyType().getName(), configuration.getValueType().getName(),
        configuration.isStoreByValue(), configuration.isStatisticsEnabled(), configuration.isManagementEnabled(),
        configuration.getMaximumSize(), expiry, durationText, HexFormat.of().formatHex(epoch),
        configuration.getMaximumBytes());
  }

  /** The text stored in the registry. */
  public String encode() {
    return "keyType=" + keyType + "\nvalueType=" + valueType + "\nstoreByValue=" + storeByValue
        + "\nstatistics=" + statistics + "\nmanagement=" + management + "\nmaximumSize=" + maximumSize
        + "\nexpiry=" + expiry + "\nexpiryDuration=" + expiryDuration + "\nepoch=" + epoch
        + "\nmaximumBytes=" + maximumBytes + "\n";
  }

  /**
   * Parses {@link #encode()}'s text. A descriptor of an earlier version has {@code expiryMillis} instead of
   * {@code expiryDuration}, where {@code 0} meant eternal, and no epoch.
   */
  public static CacheDescriptor decode(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    try {
      String duration = fields.get("expiryDuration");
      if (duration == null) {
        long millis = Long.parseLong(fields.getOrDefault("expiryMillis", "0"));
        duration = millis <= 0 ? ETERNAL : millis + " " + TimeUnit.MILLISECONDS.name();
      }
      CacheDescriptor descriptor = new CacheDescriptor(required(fields, "keyType"), required(fields, "valueType"),
          Boolean.parseBoolean(required(fields, "storeByValue")), Boolean.parseBoolean(fields.get("statistics")),
          Boolean.parseBoolean(fields.get("management")), Long.parseLong(fields.getOrDefault("maximumSize", "0")),
          fields.getOrDefault("expiry", ETERNAL), duration, fields.getOrDefault("epoch", ""),
          Long.parseLong(fields.getOrDefault("maximumBytes", "0")));
      descriptor.duration();
      return descriptor;
    } catch (IllegalArgumentException e) {
      throw new CacheException("malformed cache descriptor in the registry: " + text, e);
    }
  }

  /**
   * What differs between this cache and {@code other} in what decides the entries' shape and lifetime (types,
   * store-by-value, expiry), described for a message; empty when a process may share the cache as it is.
   * Statistics, management and the size bound are each process's own.
   */
  public List<String> differencesFrom(CacheDescriptor other) {
    List<String> differences = new ArrayList<>();
    compare(differences, "key type", keyType, other.keyType);
    compare(differences, "value type", valueType, other.valueType);
    compare(differences, "store-by-value", storeByValue, other.storeByValue);
    compare(differences, "expiry policy", expiry, other.expiry);
    if (expiry.equals(other.expiry) && nanos(duration()) != nanos(other.duration())) {
      differences.add("expiry duration " + describe(other.duration()) + " (asked: " + describe(duration()) + ")");
    }
    return differences;
  }

  private static void compare(List<String> differences, String what, Object ours, Object theirs) {
    if (!ours.equals(theirs)) {
      differences.add(what + " " + theirs + " (asked: " + ours + ")");
    }
  }

  /**
   * A configuration with these settings, types resolved with {@code classLoader}.
   *
   * @throws CacheException if a type cannot be loaded there
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public CairnConfiguration<Object, Object> toConfiguration(ClassLoader classLoader) {
    CairnConfiguration configuration = new CairnConfiguration<>();
    configuration.setTypes(type(keyType, classLoader), type(valueType, classLoader));
    configuration.setStoreByValue(storeByValue);
    configuration.setStatisticsEnabled(statistics);
    configuration.setManagementEnabled(management);
    configuration.setMaximumSize(maximumSize);
    configuration.setMaximumBytes(maximumBytes);
    Duration duration = duration();
    switch (expiry) {
      case "created" -> configuration.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(duration));
      case "accessed" -> configuration.setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(duration));
      case "modified" -> configuration.setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(duration));
      case "touched" -> configuration.setExpiryPolicyFactory(TouchedExpiryPolicy.factoryOf(duration));
      default -> configuration.setExpiryPolicyFactory(EternalExpiryPolicy.factoryOf());
    }
    return configuration;
  }

  /** The policy's duration, exactly as it was given. */
  private Duration duration() {
    if (expiryDuration.equals(ETERNAL)) {
      return Duration.ETERNAL;
    }
    String[] parts = expiryDuration.split(" ");
    if (parts.length != 2) {
      throw new IllegalArgumentException("expiryDuration is not '<amount> <unit>': " + expiryDuration);
    }
    return new Duration(TimeUnit.valueOf(parts[1]), Long.parseLong(parts[0]));
  }

  private static long nanos(Duration duration) {
    return duration.isEternal() ? -1 : duration.getTimeUnit().toNanos(duration.getDurationAmount());
  }

  private static String describe(Duration duration) {
    return duration.isEternal() ? ETERNAL : duration.getDurationAmount() + " " + duration.getTimeUnit();
  }

  private static String required(Map<String, String> fields, String name) {
    String value = fields.get(name);
    if (value == null) {
      throw new CacheException("cache descriptor in the registry lacks '" + name + "'");
    }
    return value;
  }

  private static Class<?> type(String name, ClassLoader classLoader) {
    try {
      return Class.forName(name, false, classLoader);
    } catch (ClassNotFoundException e) {
      throw new CacheException("cache type " + name + " from the shared registry is not on this class path", e);
    }
  }
}
