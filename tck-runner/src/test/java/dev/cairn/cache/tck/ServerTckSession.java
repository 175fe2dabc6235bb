package dev.cairn.cache.tck;

import dev.cairn.cache.CairnCachingProvider;
import java.net.URI;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Gives a TCK run a private server of its own: when the system property {@value RedisTckSession#STORE_PROPERTY}
 * names this session's store (the runner's execution for that store sets it), starts the server before the TCK is
 * discovered, points the default store URI ({@value CairnCachingProvider#URI_PROPERTY}) at it, and stops it when
 * the run ends. Any other value, or none, leaves the run alone.
 *
 * @param <S> the test fixture that runs the server
 */
abstract class ServerTckSession<S extends AutoCloseable> implements LauncherSessionListener {

  private static final System.Logger LOG = System.getLogger(ServerTckSession.class.getName());

  private S server;
  private String previousUri;

  /** The value of {@value RedisTckSession#STORE_PROPERTY} this session serves. */
  abstract String store();

  abstract S start();

  /**
   * The server's URI without query parameters: the TCK computes MBean names from the manager URI without escaping
   * '?', which would make its lookups JMX patterns that find nothing; the server is private, so the default prefix is
   * as good as any.
   */
  abstract URI uri(S server);

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (!store().equals(System.getProperty(RedisTckSession.STORE_PROPERTY))) {
      return;
    }
    server = start();
    previousUri = System.getProperty(CairnCachingProvider.URI_PROPERTY);
    String uri = uri(server).toString();
    System.setProperty(CairnCachingProvider.URI_PROPERTY, uri);
    LOG.log(System.Logger.Level.INFO, "TCK on {0}: {1}", store(), uri);
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
    try {
      server.close();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "cannot stop the TCK's " + store() + " server", e);
    }
    server = null;
  }
}
