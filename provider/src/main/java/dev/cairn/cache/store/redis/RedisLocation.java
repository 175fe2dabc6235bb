package dev.cairn.cache.store.redis;

import dev.cairn.cache.config.ByteSize;
import dev.cairn.cache.config.NearCacheSettings;
import dev.cairn.cache.store.Durations;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import java.io.File;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * Where a Redis-backed manager keeps its data and how to reach it, read from the manager's URI.
 *
 * <p>Accepted forms:
 * <ul>
 *   <li>{@code redis://[user:password@]host:port[/db]} and {@code rediss://...} (TLS);</li>
 *   <li>{@code redis-sentinel://[password@]host:port[,host:port][/db]#masterId} and {@code rediss-sentinel://};</li>
 *   <li>{@code redis-cluster://[user:password@]host:port[,host:port]} and {@code rediss-cluster://} (TLS).</li>
 * </ul>
 * Cairn's own query parameters are removed before the rest goes to Lettuce's {@link RedisURI}:
 * <ul>
 *   <li>{@code timeout}: how long one command may take, default {@code 2s};</li>
 *   <li>{@code connectTimeout}: how long connecting may take, default {@code 2s};</li>
 *   <li>{@code prefix}: the first segment of every key, default {@code cairn}; it may not contain {@code ':'},
 *       so that one prefix can never be the start of another's keys;</li>
 *   <li>{@code codec}: how values of typed caches are encoded, {@code java} (the default: Java serialization behind
 *       an allow-list) or {@code json} (Jackson, readable by other languages); strings and numbers are text
 *       either way;</li>
 *   <li>{@code maxValueSize}: the largest encoded value a write may send, default {@code 16m} (see
 *       {@link ValueSizeLimit}), from {@code 1k} to {@code 512m}, Redis's own limit;</li>
 *   <li>{@code tlsCaCert}: a PEM file of the certificate authorities to trust for {@code rediss} (default: the
 *       JDK's trust store); {@code tlsCert} and {@code tlsKey}: PEM files of a client certificate and its PKCS#8
 *       key, for servers that authenticate clients by certificate.</li>
 *   <li>{@code failOpen}: {@code true} makes the caches act as empty caches that keep nothing while Redis cannot
 *       be reached, instead of failing (see {@link dev.cairn.cache.resilience.FailureMode}); default
 *       {@code false}.</li>
 *   <li>{@code near}: the most entries the near cache of each cache of the manager keeps (see
 *       {@code dev.cairn.cache.near}); {@code 0}, the default, means none. A cache's own configuration (a document's
 *       {@code near}, or {@code CairnConfiguration#setNearCache}) wins. Without the parameter, the system property
 *       {@value #NEAR_PROPERTY} gives the default (for test runs that cannot change the URI, such as the TCK's).</li>
 * </ul>
 * Lettuce's own parameters ({@link #LETTUCE_PARAMETERS}) are passed on; any other parameter is refused with the
 * list of known ones, so that a typo ({@code tiemout=5s}) never passes silently. Durations are a whole number and a
 * unit, {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}, as in configuration documents; a bare number is
 * refused. Each host needs a numeric port (or none, for the default), checked here rather than on connecting.
 *
 * @param cluster whether the nodes are seeds of a Redis Cluster
 * @param nodes one URI (standalone or sentinel), or the cluster's seed nodes
 * @param timeout the command timeout
 * @param connectTimeout the connect timeout
 * @param prefix the key prefix
 * @param json whether typed caches encode values as JSON
 * @param maxValueSize the largest encoded value a write may send, in bytes
 * @param ssl the TLS settings, or {@code null} for the JDK's defaults
 * @param description the URI without credentials, for messages
 * @param failOpen whether the caches fail open while Redis cannot be reached
 * @param near the near cache of caches whose configuration says nothing
 */
record RedisLocation(boolean cluster, List<RedisURI> nodes, Duration timeout, Duration connectTimeout,
    String prefix, boolean json, long maxValueSize, @Nullable SslOptions ssl, String description, boolean failOpen,
    NearCacheSettings near) {

  /** The system property that gives {@code near} to URIs without it. */
  static final String NEAR_PROPERTY = "cairn.near.default";

  /** The schemes this store serves. */
  static final Set<String> SCHEMES =
      Set.of("redis", "rediss", "redis-sentinel", "rediss-sentinel", "redis-cluster", "rediss-cluster");

  /** Cairn's parameters, read here. */
  static final List<String> CAIRN_PARAMETERS =
      List.of("timeout", "connectTimeout", "prefix", "codec", "maxValueSize", "failOpen", "near", "tlsCaCert",
          "tlsCert", "tlsKey");

  /** Lettuce's {@link RedisURI} parameters, passed on as written. */
  static final List<String> LETTUCE_PARAMETERS =
      List.of("clientName", "database", "db", "libraryName", "libraryVersion", "sentinelMasterId", "verifyPeer");

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  static final String DEFAULT_PREFIX = "cairn";
  static final long DEFAULT_MAX_VALUE_SIZE = 16L << 20;

  /** Redis refuses bulk strings over 512 MB ({@code proto-max-bulk-len}): no point in allowing more. */
  private static final long MAX_VALUE_SIZE_CEILING = 512L << 20;

  RedisLocation {
    nodes = List.copyOf(nodes);
  }

  /**
   * Reads a manager URI.
   *
   * @throws CacheException if the URI is not one of the accepted forms or a parameter is invalid
   */
  static RedisLocation parse(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
    int at = authority.lastIndexOf('@');
    String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
    String hosts = authority.substring(at + 1);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    // never the password: this text goes into exception messages and logs
    String description = scheme + "://" + hosts + path;
    if (!SCHEMES.contains(scheme)) {
      throw new CacheException("not a Redis URI: " + description + " (expected one of " + SCHEMES + ")");
    }
    if (hosts.isEmpty()) {
      throw new CacheException("Redis URI " + description + " names no host");
    }
    for (String host : hosts.split(",", -1)) {
      checkHostAndPort(description, host.trim());
    }
    Duration timeout = DEFAULT_TIMEOUT;
    Duration connectTimeout = DEFAULT_TIMEOUT;
    String prefix = DEFAULT_PREFIX;
    boolean json = false;
    long maxValueSize = DEFAULT_MAX_VALUE_SIZE;
    String caCert = null;
    String clientCert = null;
    String clientKey = null;
    boolean failOpen = false;
    String near = System.getProperty(NEAR_PROPERTY);
    List<String> passedOn = new ArrayList<>();
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String parameter : query.split("&")) {
        if (parameter.isEmpty()) {
          continue;
        }
        int equals = parameter.indexOf('=');
        String name = equals < 0 ? parameter : parameter.substring(0, equals);
        String value = equals < 0 ? "" : decode(parameter.substring(equals + 1));
        switch (name) {
          case "timeout" -> timeout = duration(description, name, value);
          case "connectTimeout" -> connectTimeout = duration(description, name, value);
          case "prefix" -> prefix = value;
          case "codec" -> json = json(description, value);
          case "maxValueSize" -> maxValueSize = maxValueSize(description, value);
          case "tlsCaCert" -> caCert = value;
          case "tlsCert" -> clientCert = value;
          case "tlsKey" -> clientKey = value;
          case "failOpen" -> failOpen = flag(description, name, value);
          case "near" -> near = value;
          default -> {
            if (!LETTUCE_PARAMETERS.contains(name)) {
              throw new CacheException("Redis URI " + description + ": unknown parameter '" + name + "' (known: "
                  + String.join(", ", CAIRN_PARAMETERS) + "; passed to Lettuce: "
                  + String.join(", ", LETTUCE_PARAMETERS) + ")");
            }
            passedOn.add(parameter);
          }
        }
      }
    }
    if (prefix.isEmpty() || prefix.indexOf(':') >= 0) {
      throw new CacheException("Redis URI " + description + ": prefix must be non-empty and must not contain ':'");
    }
    String rest = path + (passedOn.isEmpty() ? "" : "?" + String.join("&", passedOn))
        + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());

    List<RedisURI> nodes = new ArrayList<>();
    boolean cluster = scheme.endsWith("-cluster");
    try {
      if (cluster) {
        String nodeScheme = scheme.startsWith("rediss") ? "rediss" : "redis";
        for (String host : hosts.split(",")) {
          nodes.add(RedisURI.create(nodeScheme + "://" + userInfo + host.trim() + rest));
        }
      } else {
        nodes.add(RedisURI.create(scheme + "://" + authority + rest));
      }
    } catch (IllegalArgumentException e) {
      // Lettuce's message may quote the whole URI, password included: keep only its kind
      throw new CacheException("invalid Redis URI " + description + " (" + e.getClass().getSimpleName() + ")");
    }
    for (RedisURI node : nodes) {
      node.setTimeout(timeout);
    }
    return new RedisLocation(cluster, nodes, timeout, connectTimeout, prefix, json, maxValueSize,
        ssl(description, caCert, clientCert, clientKey), description, failOpen, near(description, near));
  }

  private static NearCacheSettings near(String description, @Nullable String value) {
    if (value == null || value.isBlank()) {
      return NearCacheSettings.OFF;
    }
    try {
      long entries = Long.parseLong(value.trim());
      if (entries >= 0) {
        return NearCacheSettings.of(entries);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CacheException("Redis URI " + description + ": near must be a number of entries (0 for none), not '"
        + value + "'");
  }

  private static @Nullable SslOptions ssl(String description, @Nullable String caCert, @Nullable String clientCert,
      @Nullable String clientKey) {
    if (caCert == null && clientCert == null && clientKey == null) {
      return null;
    }
    if ((clientCert == null) != (clientKey == null)) {
      throw new CacheException("Redis URI " + description + ": tlsCert and tlsKey go together");
    }
    SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
    if (caCert != null) {
      ssl.trustManager(readable(description, "tlsCaCert", caCert));
    }
    if (clientCert != null) {
      ssl.keyManager(readable(description, "tlsCert", clientCert), readable(description, "tlsKey", clientKey), null);
    }
    return ssl.build();
  }

  private static File readable(String description, String name, String path) {
    File file = new File(path);
    if (!file.canRead()) {
      throw new CacheException("Redis URI " + description + ": " + name + " file " + path + " cannot be read");
    }
    return file;
  }

  private static boolean json(String description, String value) {
    return switch (value) {
      case "java" -> false;
      case "json" -> true;
      default -> throw new CacheException("Redis URI " + description + ": codec must be java or json, not '"
          + value + "'");
    };
  }

  private static boolean flag(String description, String name, String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new CacheException("Redis URI " + description + ": " + name + " must be true or false, not '"
          + value + "'");
    };
  }

  private static Duration duration(String description, String name, String value) {
    try {
      return Durations.parsePositive(value);
    } catch (IllegalArgumentException e) {
      throw new CacheException("Redis URI " + description + ": " + name + " must be a positive whole number with a "
          + "unit, ms, s, m, h or d (such as 500ms, 2s, 1m), not '" + value + "'", e);
    }
  }

  private static long maxValueSize(String description, String value) {
    try {
      long bytes = ByteSize.parse(value).bytes();
      if (bytes >= 1024 && bytes <= MAX_VALUE_SIZE_CEILING) {
        return bytes;
      }
    } catch (IllegalArgumentException e) {
      // reported below, with the accepted range
    }
    throw new CacheException("Redis URI " + description + ": maxValueSize must be a size from 1k to 512m (a "
        + "whole number and a unit, k, m or g, such as 64m), not '" + value + "'");
  }

  /** {@code host}, {@code host:port} or {@code [ipv6]:port}, the port a number from 1 to 65535. */
  private static void checkHostAndPort(String description, String hostAndPort) {
    String host = hostAndPort;
    String port = null;
    if (hostAndPort.startsWith("[")) {
      int close = hostAndPort.indexOf(']');
      host = close < 0 ? "" : hostAndPort.substring(0, close + 1);
      String rest = close < 0 ? "" : hostAndPort.substring(close + 1);
      if (close < 0 || !(rest.isEmpty() || rest.startsWith(":"))) {
        throw new CacheException("Redis URI " + description + ": '" + hostAndPort + "' is not host:port");
      }
      port = rest.isEmpty() ? null : rest.substring(1);
    } else if (hostAndPort.indexOf(':') >= 0) {
      host = hostAndPort.substring(0, hostAndPort.lastIndexOf(':'));
      port = hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1);
    }
    if (host.isEmpty()) {
      throw new CacheException("Redis URI " + description + ": '" + hostAndPort + "' names no host");
    }
    if (port != null && !validPort(port)) {
      throw new CacheException("Redis URI " + description + ": the port of '" + hostAndPort
          + "' must be a number from 1 to 65535");
    }
  }

  private static boolean validPort(String port) {
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    int number = Integer.parseInt(port);
    return number >= 1 && number <= 65535;
  }

  private static String decode(String text) {
    return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
  }
}
