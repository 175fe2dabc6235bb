package dev.cairn.cache.store.dynamodb;

import dev.cairn.cache.store.UriParameters;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * Where a DynamoDB-backed manager keeps its data, read from {@code dynamodb://table[?parameters]}.
 *
 * <p>Query parameters, all optional; any other is rejected:
 * <ul>
 *   <li>{@code region}: the AWS region; default: the SDK's region chain ({@code aws.region}, {@code AWS_REGION},
 *       the profile), or {@code us-east-1} for a loopback endpoint;</li>
 *   <li>{@code endpoint}: the service's URL, such as {@code http://127.0.0.1:4567} for a local server; default: the
 *       region's endpoint (or the SDK's own endpoint settings, such as {@code AWS_ENDPOINT_URL_DYNAMODB});</li>
 *   <li>{@code timeout}: how long one call may take, retries included, default {@code 2s};</li>
 *   <li>{@code connectTimeout}: how long connecting may take, default {@code 2s};</li>
 *   <li>{@code prefix}: the first segment of every partition key, default {@code cairn}; it may not contain
 *       {@code ':'};</li>
 *   <li>{@code codec}: how values of typed caches are encoded, {@code java} (default) or {@code json};</li>
 *   <li>{@code failOpen}: {@code true} makes the caches act as empty caches while DynamoDB cannot be reached;
 *       default {@code false};</li>
 *   <li>{@code createTable}: whether a missing table is created; default {@code true} for an endpoint on the
 *       loopback interface, {@code false} otherwise.</li>
 * </ul>
 * Durations are a number with a unit ({@code ms}, {@code s}, {@code m}...).
 *
 * @param table the table name
 * @param region the region, or {@code null} for the SDK's region chain
 * @param endpoint the endpoint, or {@code null} for the SDK's
 * @param timeout the time one call may take, retries included
 * @param connectTimeout the connect timeout
 * @param prefix the partition key prefix
 * @param json whether typed caches encode values as JSON
 * @param failOpen whether the caches fail open while DynamoDB cannot be reached
 * @param createTable whether a missing table is created
 * @param description the URI without its query, for messages
 */
record DynamoLocation(String table, @Nullable String region, @Nullable URI endpoint, Duration timeout, Duration connectTimeout,
    String prefix, boolean json, boolean failOpen, boolean createTable, String description) {

  static final String SCHEME = "dynamodb";
  static final List<String> PARAMETERS = List.of("region", "endpoint", "timeout", "connectTimeout", "prefix", "codec",
      "failOpen", "createTable");
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  static final String DEFAULT_PREFIX = "cairn";
  /** The region of a loopback endpoint when none is given: local servers accept any. */
  static final String LOCAL_REGION = "us-east-1";

  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

  /**
   * Reads a manager URI.
   *
   * @throws CacheException if the URI is not {@code dynamodb://table[?...]} or a parameter is invalid
   */
  static DynamoLocation parse(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String table = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
    String description = scheme + "://" + table;
    if (!SCHEME.equals(scheme)) {
      throw new CacheException("not a DynamoDB URI: " + description + " (expected dynamodb://table?region=...)");
    }
    if (!TABLE_NAME.matcher(table).matches()) {
      throw new CacheException("DynamoDB URI " + description + ": '" + table + "' is not a table name (3 to 255 of "
          + "A-Z a-z 0-9 _ . -); write dynamodb://table?endpoint=http://host:port for a server's address");
    }
    if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
      throw new CacheException("DynamoDB URI " + description + ": a path means nothing here; use ?prefix= to "
          + "separate applications in one table");
    }
    String region = null;
    URI endpoint = null;
    Duration timeout = DEFAULT_TIMEOUT;
    Duration connectTimeout = DEFAULT_TIMEOUT;
    String prefix = DEFAULT_PREFIX;
    boolean json = false;
    boolean failOpen = false;
    Boolean createTable = null;
    UriParameters parameters = new UriParameters("DynamoDB URI " + description);
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      // split drops trailing empty strings: a URI ending in '&' is accepted, as RedisLocation accepts it
      @SuppressWarnings("StringSplitter")
      String[] pairs = query.split("&");
      for (String parameter : pairs) {
        int equals = parameter.indexOf('=');
        String name = equals < 0 ? parameter : parameter.substring(0, equals);
        String value = equals < 0 ? "" : URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
        switch (name) {
          case "region" -> region = nonEmpty(description, name, value);
          case "endpoint" -> endpoint = endpoint(description, value);
          case "timeout" -> timeout = parameters.duration(name, value);
          case "connectTimeout" -> connectTimeout = parameters.duration(name, value);
          case "prefix" -> prefix = value;
          case "codec" -> json = parameters.json(value);
          case "failOpen" -> failOpen = parameters.flag(name, value);
          case "createTable" -> createTable = parameters.flag(name, value);
          default -> throw new CacheException("DynamoDB URI " + description + ": unknown parameter '" + name
              + "'; known parameters: " + String.join(", ", PARAMETERS));
        }
      }
    }
    if (prefix.isEmpty() || prefix.indexOf(':') >= 0) {
      throw new CacheException("DynamoDB URI " + description + ": prefix must be non-empty and must not contain ':'");
    }
    boolean local = isLoopback(endpoint);
    if (region == null && local) {
      region = LOCAL_REGION;
    }
    return new DynamoLocation(table, region, endpoint, timeout, connectTimeout, prefix, json, failOpen,
        createTable == null ? local : createTable, description);
  }

  /** Whether the endpoint is a server on this machine (dynalite, DynamoDB Local), which checks no signatures. */
  boolean local() {
    return isLoopback(endpoint);
  }

  private static boolean isLoopback(@Nullable URI endpoint) {
    if (endpoint == null || endpoint.getHost() == null) {
      return false;
    }
    String host = endpoint.getHost();
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
      return false; // a name: never resolved here, so parsing stays offline
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static URI endpoint(String description, String value) {
    try {
      URI endpoint = new URI(value);
      String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && endpoint.getHost() != null) {
        return endpoint;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below, with the expected form
    }
    throw new CacheException("DynamoDB URI " + description + ": endpoint must be an http or https URL such as "
        + "http://127.0.0.1:4567, not '" + value + "'");
  }

  private static String nonEmpty(String description, String name, String value) {
    if (value.isEmpty()) {
      throw new CacheException("DynamoDB URI " + description + ": " + name + " is empty");
    }
    return value;
  }
}
