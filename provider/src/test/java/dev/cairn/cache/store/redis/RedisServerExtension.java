package dev.cairn.cache.store.redis;

import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private {@link RedisServer} for one test class: started before its first test, stopped after its last.
 * Register it as a static field with {@code @RegisterExtension}.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

  private RedisServer server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = RedisServer.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.close();
  }

  /** The server's URI with Cairn query parameters (such as {@code prefix=app}), or none for {@code ""}. */
  public URI uri(String query) {
    return server.uri(query);
  }
}
