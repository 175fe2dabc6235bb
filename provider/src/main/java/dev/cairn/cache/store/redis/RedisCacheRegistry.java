package dev.cairn.cache.store.redis;

import dev.cairn.cache.store.CacheRegistry;
import io.lettuce.core.api.async.RedisHashAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The caches of one key prefix, in one Redis hash {@code prefix:%caches} (cache name to descriptor), shared by
 * every JVM that uses the prefix, and the epochs {@code destroyCache} ended in {@code prefix:%destroyed}. No cache's keys can collide with it: an escaped cache name never contains
 * {@code '%'} followed by anything but {@code 25} or {@code 3A} (see {@link KeyNamespace}).
 *
 * <p>Thread-safe; each call is one round trip, except {@link #register}, which is two.
 */
final class RedisCacheRegistry implements CacheRegistry {

  private final RedisConnection connection;
  private final byte[] hash;
  private final byte[] destroyed;

  RedisCacheRegistry(RedisConnection connection, String prefix) {
    this.connection = connection;
    this.hash = (prefix + ":%caches").getBytes(StandardCharsets.UTF_8);
    this.destroyed = (prefix + ":%destroyed").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String register(String cacheName, String descriptor) {
    RedisHashAsyncCommands<byte[], byte[]> redis = connection.commands();
    byte[] field = bytes(cacheName);
    connection.call(() -> redis.hsetnx(hash, field, bytes(descriptor)));
    // an unregister between the two commands leaves nothing to read back
    return Objects.requireNonNull(textOrNull(connection.call(() -> redis.hget(hash, field))),
        () -> "cache " + cacheName + " was unregistered while it registered");
  }

  @Override
  public @Nullable String lookup(String cacheName) {
    return textOrNull(connection.call(() -> connection.commands().hget(hash, bytes(cacheName))));
  }

  @Override
  public Set<String> names() {
    List<byte[]> fields = connection.call(() -> connection.commands().hkeys(hash));
    Set<String> names = new LinkedHashSet<>();
    fields.forEach(field -> names.add(text(field)));
    return names;
  }

  @Override
  public void unregister(String cacheName) {
    connection.call(() -> connection.commands().hdel(hash, bytes(cacheName)));
  }

  /** In the hash {@code prefix:%destroyed}, cache name to the epoch destroyed last. */
  @Override
  public boolean keepsDestroyed() {
    return true;
  }

  @Override
  public void recordDestroyed(String cacheName, String epoch) {
    connection.call(() -> connection.commands().hset(destroyed, bytes(cacheName), bytes(epoch)));
  }

  @Override
  public @Nullable String destroyedEpoch(String cacheName) {
    return textOrNull(connection.call(() -> connection.commands().hget(destroyed, bytes(cacheName))));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static @Nullable String textOrNull(byte @Nullable [] bytes) {
    return bytes == null ? null : text(bytes);
  }
}
