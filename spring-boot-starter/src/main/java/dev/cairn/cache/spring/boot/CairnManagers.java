package dev.cairn.cache.spring.boot;

import dev.cairn.cache.CairnCache;
import dev.cairn.cache.CairnCacheManager;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.cache.jcache.JCacheCacheManager;

/**
 * The application's Cairn cache managers, each under the name of its bean: the Spring {@link JCacheCacheManager}
 * that serves it when there is one (Boot's {@code cacheManager}, the name Boot's own cache meters carry as
 * {@code cache.manager}), else the {@code javax.cache.CacheManager} bean. A manager of another JCache provider is
 * left out.
 *
 * @param byName the managers, by bean name, in bean definition order
 */
record CairnManagers(Map<String, CairnCacheManager> byName) {

  static CairnManagers of(ListableBeanFactory beans) {
    IdentityHashMap<CairnCacheManager, String> names = new IdentityHashMap<>();
    beans.getBeansOfType(JCacheCacheManager.class).forEach((name, spring) -> {
      if (spring.getCacheManager() instanceof CairnCacheManager cairn) {
        names.putIfAbsent(cairn, name);
      }
    });
    beans.getBeansOfType(javax.cache.CacheManager.class).forEach((name, manager) -> {
      if (manager instanceof CairnCacheManager cairn) {
        names.putIfAbsent(cairn, name);
      }
    });
    Map<String, CairnCacheManager> byName = new LinkedHashMap<>();
    names.forEach((manager, name) -> byName.put(name, manager));
    return new CairnManagers(Collections.unmodifiableMap(byName));
  }

  /**
   * The kind of store a manager's caches live in, from its URI's scheme only ({@code redis}, {@code rediss},
   * {@code redis-cluster}, {@code memory}, {@code disk}...): never a host, user or password.
   */
  static String storeOf(CairnCacheManager manager) {
    URI store = manager.document() != null ? manager.document().storeUri() : manager.getURI();
    return store.getScheme() == null ? "unknown" : store.getScheme();
  }

  /** The manager's caches, opened as {@code getCache} opens them (those a document or a shared registry names). */
  static List<CairnCache<?, ?>> cachesOf(CairnCacheManager manager) {
    List<CairnCache<?, ?>> caches = new ArrayList<>();
    for (String name : manager.getCacheNames()) {
      Cache<?, ?> cache = manager.getCache(name);
      if (cache != null) {
        caches.add(cache.unwrap(CairnCache.class));
      }
    }
    return caches;
  }
}
