package dev.cairn.cache.store.memcached;

import dev.cairn.cache.store.ServerExtension;

/** A private {@link MemcachedServer} for one test class (see {@link ServerExtension}). */
public final class MemcachedServerExtension extends ServerExtension<MemcachedServer> {

  public MemcachedServerExtension() {
    super(MemcachedServer::start);
  }
}
