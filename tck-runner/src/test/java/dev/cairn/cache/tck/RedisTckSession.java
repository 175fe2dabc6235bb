package dev.cairn.cache.tck;

import dev.cairn.cache.store.redis.RedisServer;
import java.net.URI;

/**
 * Gives the TCK run a private {@link RedisServer} when {@value #STORE_PROPERTY} is {@code redis} (see
 * {@link ServerTckSession}).
 *
 * <p>Registered through {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public final class RedisTckSession extends ServerTckSession<RedisServer> {

  /** System property naming the store this TCK run is for. */
  public static final String STORE_PROPERTY = "cairn.tck.store";

  @Override
  String store() {
    return "redis";
  }

  @Override
  RedisServer start() {
    return RedisServer.start();
  }

  @Override
  URI uri(RedisServer server) {
    return server.uri("");
  }
}
