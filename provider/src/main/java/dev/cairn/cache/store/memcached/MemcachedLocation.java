package dev.cairn.cache.store.memcached;

import dev.cairn.cache.store.UriParameters;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.cache.CacheException;

/**
 * Where a memcached-backed manager keeps its data, read from {@code memcached://host:port[,host:port...]}.
 *
 * <p>Query parameters, all optional; any other is rejected:
 * <ul>
 *   <li>{@code timeout}: how long one request may wait for the server, default {@code 2s};</li>
 *   <li>{@code connectTimeout}: how long connecting may take, default {@code 2s};</li>
 *   <li>{@code prefix}: the first segment of every key, default {@code cairn}; it may not contain {@code ':'};</li>
 *   <li>{@code codec}: how values of typed caches are encoded, {@code java} (default) or {@code json};</li>
 *   <li>{@code failOpen}: {@code true} makes the caches act as empty caches that keep nothing while memcached cannot
 *       be reached, instead of failing (see {@link dev.cairn.cache.resilience.FailureMode}); default
 *       {@code false}.</li>
 * </ul>
 * Durations are a number with a unit {@code ms}, {@code s} or {@code m}; a bare number is milliseconds.
 *
 * @param servers the servers, in the URI's order (the ring does not depend on it)
 * @param timeout the request timeout
 * @param connectTimeout the connect timeout
 * @param prefix the key prefix
 * @param json whether typed caches encode values as JSON
 * @param description the URI, for messages
 * @param failOpen whether the caches fail open while a server cannot be reached
 */
record MemcachedLocation(List<InetSocketAddress> servers, Duration timeout, Duration connectTimeout, String prefix,
    boolean json, String description, boolean failOpen) {

  static final String SCHEME = "memcached";
  static final List<String> PARAMETERS = List.of("timeout", "connectTimeout", "prefix", "codec", "failOpen");
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  static final String DEFAULT_PREFIX = "cairn";

  MemcachedLocation {
    servers = List.copyOf(servers);
  }

  /**
   * Reads a manager URI.
   *
   * @throws CacheException if the URI is not {@code memcached://host:port[,host:port...]} or a parameter is invalid
   */
  static MemcachedLocation parse(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
    String description = scheme + "://" + authority + (uri.getRawPath() == null ? "" : uri.getRawPath());
    if (!SCHEME.equals(scheme)) {
      throw new CacheException("not a memcached URI: " + uri + " (expected memcached://host:port[,host:port])");
    }
    if (authority.isEmpty()) {
      throw new CacheException("memcached URI " + description + " names no server");
    }
    if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
      throw new CacheException("memcached URI " + description + ": a path means nothing here; use ?prefix= to "
          + "separate applications");
    }
    List<InetSocketAddress> servers = new ArrayList<>();
    for (String server : authority.split(",")) {
      servers.add(address(description, server.trim()));
    }
    if (servers.stream().distinct().count() != servers.size()) {
      throw new CacheException("memcached URI " + description + " names a server twice");
    }
    Duration timeout = DEFAULT_TIMEOUT;
    Duration connectTimeout = DEFAULT_TIMEOUT;
    String prefix = DEFAULT_PREFIX;
    boolean json = false;
    boolean failOpen = false;
    UriParameters parameters = new UriParameters("memcached URI " + description);
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String parameter : query.split("&")) {
        int equals = parameter.indexOf('=');
        String name = equals < 0 ? parameter : parameter.substring(0, equals);
        String value = equals < 0 ? "" : URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
        switch (name) {
          case "timeout" -> timeout = parameters.duration(name, value);
          case "connectTimeout" -> connectTimeout = parameters.duration(name, value);
          case "prefix" -> prefix = value;
          case "codec" -> json = parameters.json(value);
          case "failOpen" -> failOpen = parameters.flag(name, value);
          default -> throw new CacheException("memcached URI " + description + ": unknown parameter '" + name
              + "'; known parameters: " + String.join(", ", PARAMETERS));
        }
      }
    }
    if (prefix.isEmpty() || prefix.indexOf(':') >= 0) {
      throw new CacheException("memcached URI " + description + ": prefix must be non-empty and must not contain "
          + "':'");
    }
    return new MemcachedLocation(servers, timeout, connectTimeout, prefix, json, description, failOpen);
  }

  private static InetSocketAddress address(String description, String server) {
    int colon = server.lastIndexOf(':');
    if (colon <= 0 || server.indexOf('@') >= 0) {
      throw new CacheException("memcached URI " + description + ": server '" + server + "' must be host:port");
    }
    String host = server.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(server.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return InetSocketAddress.createUnresolved(host, port);
    } catch (NumberFormatException e) {
      throw new CacheException("memcached URI " + description + ": server '" + server + "' has no valid port");
    }
  }
}
