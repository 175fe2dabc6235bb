package dev.cairn.cache.config;

import java.io.Serializable;
import java.net.URI;
import java.util.List;
import java.util.Map;
import javax.cache.CacheException;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * A configuration document, read and checked ({@link ConfigDocuments#read}): the store its manager opens and the
 * settings of its caches, with every default filled in from the reference file.
 *
 * @param source where the document came from, for messages
 * @param storeUri the store the manager opens, connection settings included
 * @param serializationAllow extra {@link java.io.ObjectInputFilter} patterns for this manager's caches
 * @param defaults the settings of caches the document does not name
 * @param caches the caches the document names, each with {@link #defaults} under its own keys
 */
public record ConfigDocument(String source, URI storeUri, List<String> serializationAllow, CacheSettings defaults,
    Map<String, CacheSettings> caches) {

  public ConfigDocument {
    serializationAllow = List.copyOf(serializationAllow);
    caches = Map.copyOf(caches);
  }

  /** Whether the document names this cache. */
  public boolean declares(String cacheName) {
    return caches.containsKey(cacheName);
  }

  /**
   * The configuration of a cache of this name: its own entry if the document names it, else {@code default}.
   * Classes are resolved with {@code classLoader}.
   *
   * @throws CacheException naming the document and the key if a class cannot be loaded or has the wrong type
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public CairnConfiguration<Object, Object> configuration(String cacheName, ClassLoader classLoader) {
    CacheSettings declared = caches.get(cacheName);
    String at = declared != null ? "caches." + cacheName + "." : "default.";
    CacheSettings settings = declared != null ? declared : defaults;
    CairnConfiguration configuration = new CairnConfiguration<>();
    configuration.setTypes(type(settings.keyType(), Object.class, at + "keyType", classLoader),
        type(settings.valueType(), Object.class, at + "valueType", classLoader));
    configuration.setExpiryPolicyFactory(settings.expiry().factory());
    configuration.setMaximumSize(settings.maxEntries());
    configuration.setMaximumBytes(settings.maxBytes().bytes());
    configuration.setStatisticsEnabled(settings.statistics());
    configuration.setManagementEnabled(settings.management());
    configuration.setStoreByValue(settings.storeByValue());
    configuration.setReadThrough(settings.readThrough());
    configuration.setWriteThrough(settings.writeThrough());
    if (!settings.loader().isEmpty()) {
      configuration.setCacheLoaderFactory(
          new NewInstance<>(type(settings.loader(), CacheLoader.class, at + "loader", classLoader)));
    }
    if (!settings.writer().isEmpty()) {
      configuration.setCacheWriterFactory(
          new NewInstance<>(type(settings.writer(), CacheWriter.class, at + "writer", classLoader)));
    }
    configuration.setKeyVersion(settings.keyVersion());
    if (settings.near() != null) {
      configuration.setNearCache(settings.near().settings());
    }
    return configuration;
  }

  private Class<?> type(String name, Class<?> expected, String key, ClassLoader classLoader) {
    Class<?> type;
    try {
      type = Class.forName(name, false, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new CacheException(source + ": '" + key + "' names class " + name + ", which is not on the class path",
          e);
    }
    if (!expected.isAssignableFrom(type)) {
      throw new CacheException(source + ": '" + key + "' names " + name + ", which is not a " + expected.getName());
    }
    return type;
  }

  /** Creates a loader or writer with its public no-argument constructor. */
  private record NewInstance<T>(Class<? extends T> type) implements Factory<T>, Serializable {
    @Override
    public T create() {
      try {
        return type.getConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new CacheException("cannot create " + type.getName() + " with a public no-argument constructor", e);
      }
    }
  }
}
