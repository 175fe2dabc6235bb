package dev.cairn.cache.store.redis;

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

/**
 * Where a Redis-backed manager keeps its data and how to reach it, read from the manager's URI.
 *
 * <p>Accepted forms:
 * <ul>
 *   <li>{@code redis://[user:password@]host:port[/db]} and {@code rediss://...} (TLS);</li>
 *   <li>{@code redis-sentinel://[password@]host:port[,host:port][/db]#masterId} and {@code rediss-sentinel://};</li>
 *   <li>{@code redis-cluster://[user:password@]host:port[,host:port]} and {@code rediss-cluster://} (TLS).</li>
 * </ul>
 * Cairn's own query parameters are removed before the rest goes to Lettuce's {@link RedisURI} (so Lettuce's
 * parameters such as {@code clientName} or {@code verifyPeer} still work):
 * <ul>
 *   <li>{@code timeout}: how long one command may take, default {@code 2s};</li>
 *   <li>{@code connectTimeout}: how long connecting may take, default {@code 2s};</li>
 *   <li>{@code prefix}: the first segment of every key, default {@code cairn}; it may not contain {@code ':'},
 *       so that one prefix can never be the start of another's keys;</li>
 *   <li>{@code codec}: how values of typed caches are encoded, {@code java} (the default: Java serialization behind
 *       an allow-list) or {@code json} (Jackson, readable by other languages); strings and numbers are text
 *       either way;</li>
 *   <li>{@code tlsCaCert}: a PEM file of the certificate authorities to trust for {@code rediss} (default: the
 *       JDK's trust store); {@code tlsCert} and {@code tlsKey}: PEM files of a client certificate and its PKCS#8
 *       key, for servers that authenticate clients by certificate.</li>
 *   <li>{@code failOpen}: {@code true} makes the caches act as empty caches that keep nothing while Redis cannot
 *       be reached, instead of failing (see {@link dev.cairn.cache.resilience.FailureMode}); default
 *       {@code false}.</li>
 * </ul>
 * Durations are a number with a unit {@code ms}, {@code s} or {@code m}; a bare number is milliseconds.
 *
 * @param cluster whether the nodes are seeds of a Redis Cluster
 * @param nodes one URI (standalone or sentinel), or the cluster's seed nodes
 * @param timeout the command timeout
 * @param connectTimeout the connect timeout
 * @param prefix the key prefix
 * @param json whether typed caches encode values as JSON
 * @param ssl the TLS settings, or {@code null} for the JDK's defaults
 * @param description the URI without credentials, for messages
 * @param failOpen whether the caches fail open while Redis cannot be reached
 */
record RedisLocation(boolean cluster, List<RedisURI> nodes, Duration timeout, Duration connectTimeout,
    String prefix, boolean json, SslOptions ssl, String description, boolean failOpen) {

  /** The schemes this store serves. */
  static final Set<String> SCHEMES =
      Set.of("redis", "rediss", "redis-sentinel", "rediss-sentinel", "redis-cluster", "rediss-cluster");

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  static final String DEFAULT_PREFIX = "cairn";

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
    Duration timeout = DEFAULT_TIMEOUT;
    Duration connectTimeout = DEFAULT_TIMEOUT;
    String prefix = DEFAULT_PREFIX;
    boolean json = false;
    String caCert = null;
    String clientCert = null;
    String clientKey = null;
    boolean failOpen = false;
    List<String> passedOn = new ArrayList<>();
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String parameter : query.split("&")) {
        int equals = parameter.indexOf('=');
        String name = equals < 0 ? parameter : parameter.substring(0, equals);
        String value = equals < 0 ? "" : decode(parameter.substring(equals + 1));
        switch (name) {
          case "timeout" -> timeout = duration(description, name, value);
          case "connectTimeout" -> connectTimeout = duration(description, name, value);
          case "prefix" -> prefix = value;
          case "codec" -> json = json(description, value);
          case "tlsCaCert" -> caCert = value;
          case "tlsCert" -> clientCert = value;
          case "tlsKey" -> clientKey = value;
          case "failOpen" -> failOpen = flag(description, name, value);
          default -> passedOn.add(parameter);
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
    return new RedisLocation(cluster, nodes, timeout, connectTimeout, prefix, json,
        ssl(description, caCert, clientCert, clientKey), description, failOpen);
  }

  private static SslOptions ssl(String description, String caCert, String clientCert, String clientKey) {
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
      throw new CacheException("Redis URI " + description + ": " + name + " must be a positive duration such as "
          + "500ms, 2s or 1m, not '" + value + "'", e);
    }
  }

  private static String decode(String text) {
    return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
  }
}
