package dev.cairn.cache.tck;

import dev.cairn.cache.CairnCachingProvider;
import dev.cairn.cache.store.redis.RedisServer;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Gives the TCK run a Redis of its own: when the system property {@value #STORE_PROPERTY} is {@code redis} (the
 * runner's Redis execution sets it), starts a private {@link RedisServer} before the TCK is discovered, points the
 * default store URI ({@value CairnCachingProvider#URI_PROPERTY}) at it, and stops it when the run ends. Any other
 * value, or none, leaves the run alone.
 *
 * <p>Registered through {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public final class RedisTckSession implements LauncherSessionListener {

  /** System property naming the store this TCK run is for. */
  public static final String STORE_PROPERTY = "cairn.tck.store";

  private static final System.Logger LOG = System.getLogger(RedisTckSession.class.getName());

  private RedisServer server;
  private String previousUri;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (!"redis".equals(System.getProperty(STORE_PROPERTY))) {
      return;
    }
    server = RedisServer.start();
    previousUri = System.getProperty(CairnCachingProvider.URI_PROPERTY);
    // no query parameters: the TCK computes MBean names from the manager URI without escaping '?', which would make
    // its lookups JMX patterns that find nothing; the server is private, so the default prefix is as good as any
    String uri = server.uri("").toString();
    System.setProperty(CairnCachingProvider.URI_PROPERTY, uri);
    LOG.log(System.Logger.Level.INFO, "TCK on Redis: {0}", uri);
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (server == null) {
      return;
    }
    if (previousUri == null) {
      System.clearProperty(CairnCachingProvider.URI_PROPERTY);
    } else {
      System.setProperty(CairnCachingProvider.URI_PROPERTY, previousUri);
    }
    server.close();
    server = null;
  }
}
