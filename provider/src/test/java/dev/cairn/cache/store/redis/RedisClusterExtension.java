package dev.cairn.cache.store.redis;

import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private three-master {@link RedisCluster} for one test class: formed before its first test, stopped after its
 * last. Register it as a static field with {@code @RegisterExtension}.
 */
public final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback {

  private RedisCluster cluster;

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster = RedisCluster.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    cluster.close();
  }

  /** The running cluster, for tests that talk to its nodes directly. */
  public RedisCluster cluster() {
    return cluster;
  }

  /** A {@code redis-cluster://} URI of the cluster with Cairn query parameters, or none for {@code ""}. */
  public URI uri(String query) {
    return cluster.uri(query);
  }
}
