package dev.cairn.cache.store;

import java.net.URI;
import java.util.Locale;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.TreeSet;
import javax.cache.CacheException;

/** Finds the {@link StoreProvider} for a URI's scheme among those on the class path. */
public final class StoreProviders {

  private StoreProviders() {
  }

  /**
   * Opens the backend for {@code uri}.
   *
   * @throws CacheException naming the supported schemes if none serves this one
   */
  public static StoreBackend open(URI uri, Properties properties, ClassLoader classLoader) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    TreeSet<String> supported = new TreeSet<>();
    for (StoreProvider provider : ServiceLoader.load(StoreProvider.class, StoreProviders.class.getClassLoader())) {
      if (provider.schemes().contains(scheme)) {
        return provider.open(uri, properties, classLoader);
      }
      supported.addAll(provider.schemes());
    }
    throw new CacheException("no Cairn store for URI '" + describe(uri) + "': unknown scheme '" + scheme
        + "'; supported schemes: " + String.join(", ", supported));
  }

  /**
   * {@code uri} as messages, logs and MBean names show it: without its user info, which may hold a password
   * ({@code redis://user:secret@host}, also the {@code secret@host,host} of a Sentinel URI, which
   * {@link URI#getUserInfo()} does not see). A URI without user info is shown exactly as written.
   */
  public static String describe(URI uri) {
    String authority = uri.getRawAuthority();
    int at = authority == null ? -1 : authority.lastIndexOf('@');
    String text = uri.toString();
    int start = text.indexOf("//");
    if (at < 0 || start < 0) {
      return text;
    }
    return text.substring(0, start + 2) + text.substring(start + 2 + at + 1);
  }
}
