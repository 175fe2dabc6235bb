package dev.cairn.cache.tck;

import dev.cairn.cache.CairnCachingProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Gives the TCK run an empty disk store directory: when the system property {@value RedisTckSession#STORE_PROPERTY}
 * is {@code disk} (the runner's disk execution sets it), deletes the directory named by {@value #DIRECTORY_PROPERTY}
 * before the TCK is discovered, so that no cache of an earlier run is found, and points the default store URI
 * ({@value CairnCachingProvider#URI_PROPERTY}) at it. Any other store leaves the run alone.
 *
 * <p>Registered through {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public final class DiskTckSession implements LauncherSessionListener {

  /** System property naming the directory of the disk store run. */
  public static final String DIRECTORY_PROPERTY = "cairn.tck.disk.directory";

  private static final System.Logger LOG = System.getLogger(DiskTckSession.class.getName());

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (!"disk".equals(System.getProperty(RedisTckSession.STORE_PROPERTY))) {
      return;
    }
    Path directory = Path.of(System.getProperty(DIRECTORY_PROPERTY)).toAbsolutePath();
    if (Files.exists(directory)) {
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
          Files.delete(file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot empty the TCK's disk store directory " + directory, e);
      }
    }
    // no query parameters: the TCK builds MBean names from the manager URI without escaping '?'
    String uri = "disk:" + directory.toUri().getRawPath();
    System.setProperty(CairnCachingProvider.URI_PROPERTY, uri);
    LOG.log(System.Logger.Level.INFO, "TCK on the disk store: {0}", uri);
  }
}
