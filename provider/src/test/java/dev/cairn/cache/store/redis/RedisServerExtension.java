package dev.cairn.cache.store.redis;

import dev.cairn.cache.store.ServerExtension;

/** A private {@link RedisServer} for one test class (see {@link ServerExtension}). */
public final class RedisServerExtension extends ServerExtension<RedisServer> {

  public RedisServerExtension() {
    super(RedisServer::start);
  }
}
