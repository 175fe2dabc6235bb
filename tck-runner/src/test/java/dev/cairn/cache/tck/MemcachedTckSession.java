package dev.cairn.cache.tck;

import dev.cairn.cache.store.memcached.MemcachedServer;
import java.net.URI;

/**
 * Gives the TCK run a private {@link MemcachedServer} when {@value RedisTckSession#STORE_PROPERTY} is
 * {@code memcached} (see {@link ServerTckSession}).
 *
 * <p>Registered through {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public final class MemcachedTckSession extends ServerTckSession<MemcachedServer> {

  @Override
  String store() {
    return "memcached";
  }

  @Override
  MemcachedServer start() {
    return MemcachedServer.start();
  }

  @Override
  URI uri(MemcachedServer server) {
    return server.uri("");
  }
}
