package dev.cairn.cache.config;

import java.util.LinkedHashMap;
import java.util.Map;
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
 * management, the size bound and a JDK expiry policy. Loaders, writers, listeners and custom expiry policies are
 * code, not data: each JVM configures its own.
 *
 * <p>Written as {@code key=value} lines, never as serialized Java objects, because the registry is read back from
 * a server and is therefore untrusted input.
 */
public record CacheDescriptor(String keyType, String valueType, boolean storeByValue, boolean statistics,
    boolean management, long maximumSize, String expiry, long expiryMillis) {

  /** Describes {@code configuration}, with its expiry policy if it is one of the JDK's. */
  public static CacheDescriptor of(CairnConfiguration<?, ?> configuration) {
    String expiry = "eternal";
    long millis = 0;
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
    if (duration != null && !duration.isEternal()) {
      millis = duration.getTimeUnit().toMillis(duration.getDurationAmount());
    }
    return new CacheDescriptor(configuration.getKeyType().getName(), configuration.getValueType().getName(),
        configuration.isStoreByValue(), configuration.isStatisticsEnabled(), configuration.isManagementEnabled(),
        configuration.getMaximumSize(), expiry, millis);
  }

  /** The text stored in the registry. */
  public String encode() {
    return "keyType=" + keyType + "\nvalueType=" + valueType + "\nstoreByValue=" + storeByValue
        + "\nstatistics=" + statistics + "\nmanagement=" + management + "\nmaximumSize=" + maximumSize
        + "\nexpiry=" + expiry + "\nexpiryMillis=" + expiryMillis + "\n";
  }

  /** Parses {@link #encode()}'s text. */
  public static CacheDescriptor decode(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    try {
      return new CacheDescriptor(required(fields, "keyType"), required(fields, "valueType"),
          Boolean.parseBoolean(required(fields, "storeByValue")), Boolean.parseBoolean(fields.get("statistics")),
          Boolean.parseBoolean(fields.get("management")), Long.parseLong(fields.getOrDefault("maximumSize", "0")),
          fields.getOrDefault("expiry", "eternal"), Long.parseLong(fields.getOrDefault("expiryMillis", "0")));
    } catch (NumberFormatException e) {
      throw new CacheException("malformed cache descriptor in the registry: " + text, e);
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
    Duration duration = new Duration(TimeUnit.MILLISECONDS, expiryMillis);
    switch (expiry) {
      case "created" -> configuration.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(duration));
      case "accessed" -> configuration.setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(duration));
      case "modified" -> configuration.setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(duration));
      case "touched" -> configuration.setExpiryPolicyFactory(TouchedExpiryPolicy.factoryOf(duration));
      default -> configuration.setExpiryPolicyFactory(EternalExpiryPolicy.factoryOf());
    }
    return configuration;
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
