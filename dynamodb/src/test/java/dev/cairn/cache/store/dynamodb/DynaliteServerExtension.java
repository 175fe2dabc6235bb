package dev.cairn.cache.store.dynamodb;

import dev.cairn.cache.store.ServerExtension;

/** A private {@link DynaliteServer} for one test class (see {@link ServerExtension}). */
public final class DynaliteServerExtension extends ServerExtension<DynaliteServer> {

  public DynaliteServerExtension() {
    super(DynaliteServer::start);
  }
}
