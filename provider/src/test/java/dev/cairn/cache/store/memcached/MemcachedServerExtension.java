package dev.cairn.cache.store.memcached;

import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private {@link MemcachedServer} for one test class: started before its first test, stopped after its last.
 * Register it as a static field with {@code @RegisterExtension}.
 */
public final class MemcachedServerExtension implements BeforeAllCallback, AfterAllCallback {

  private MemcachedServer server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = MemcachedServer.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.close();
  }

  /** The server's URI with Cairn query parameters (such as {@code prefix=app}), or none for {@code ""}. */
  public URI uri(String query) {
    return server.uri(query);
  }

  public MemcachedServer server() {
    return server;
  }
}
