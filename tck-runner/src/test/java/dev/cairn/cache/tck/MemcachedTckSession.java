package dev.cairn.cache.tck;

import dev.cairn.cache.CairnCachingProvider;
import dev.cairn.cache.store.memcached.MemcachedServer;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Gives the TCK run a memcached of its own: when the system property {@value RedisTckSession#STORE_PROPERTY} is
 * {@code memcached} (the runner's memcached execution sets it), starts a private {@link MemcachedServer} before the
 * TCK is discovered, points the default store URI ({@value CairnCachingProvider#URI_PROPERTY}) at it, and stops it
 * when the run ends. Any other value, or none, leaves the run alone.
 *
 * <p>Registered through {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public final class MemcachedTckSession implements LauncherSessionListener {

  private static final System.Logger LOG = System.getLogger(MemcachedTckSession.class.getName());

  private MemcachedServer server;
  private String previousUri;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (!"memcached".equals(System.getProperty(RedisTckSession.STORE_PROPERTY))) {
      return;
    }
    server = MemcachedServer.start();
    previousUri = System.getProperty(CairnCachingProvider.URI_PROPERTY);
    // no query parameters, as on Redis: the TCK builds MBean names from the manager URI without escaping '?'
    String uri = server.uri("").toString();
    System.setProperty(CairnCachingProvider.URI_PROPERTY, uri);
    LOG.log(System.Logger.Level.INFO, "TCK on memcached: {0}", uri);
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
