package dev.cairn.cache.store;

import java.net.URI;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private {@link ServerProcess} for one test class: started before its first test, stopped after its last.
 * Register a subclass as a static field with {@code @RegisterExtension}.
 *
 * @param <S> the kind of server
 */
public abstract class ServerExtension<S extends ServerProcess> implements BeforeAllCallback, AfterAllCallback {

  private final Supplier<S> start;
  private S server;

  protected ServerExtension(Supplier<S> start) {
    this.start = start;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = start.get();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.close();
  }

  /** The server's URI with Cairn query parameters (such as {@code prefix=app}), or none for {@code ""}. */
  public URI uri(String query) {
    return server.uri(query);
  }

  public S server() {
    return server;
  }
}
