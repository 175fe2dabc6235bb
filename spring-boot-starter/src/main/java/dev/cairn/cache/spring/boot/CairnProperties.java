package dev.cairn.cache.spring.boot;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code cairn.*} properties.
 *
 * @param uri The store the application's JCache manager opens, such as redis://cache.internal:6379?prefix=app or
 *     disk:/var/cache/app, instead of a configuration document in spring.cache.jcache.config. The caches are then
 *     those of spring.cache.cache-names, with statistics on.
 */
@ConfigurationProperties("cairn")
public record CairnProperties(URI uri) {
}
