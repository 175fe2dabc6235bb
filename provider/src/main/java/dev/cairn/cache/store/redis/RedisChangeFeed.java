package dev.cairn.cache.store.redis;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.engine.OrderedQueue;
import dev.cairn.cache.store.ChangeFeed;
import dev.cairn.cache.store.StoreSettings;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The change feed of one Redis-backed cache: changes travel as messages on the cache's own pub/sub channel
 * ({@code %events:prefix:cache:}), and expiries come from Redis's keyspace notifications (see {@link RedisEvents}).
 *
 * <p>A message is binary: a format byte, the change kind, the sending manager's 16-byte id (so that a manager
 * skips its own changes, whose listeners it already told), then the key, value and old value as length-prefixed
 * codec bytes ({@code -1} for none). Messages are untrusted like stored values: they decode through the cache's
 * codecs, and one that does not is dropped with a warning.
 *
 * <p>Messages wait in this cache's own inbox ({@link OrderedQueue}, at most {@link #INBOX_CAPACITY}), consumed in
 * order by one task, so that a slow listener of one cache delays no other cache's events. The network thread that
 * fills it must never wait: past the bound, messages are dropped with a counted WARNING (delivery is at most once
 * anyway).
 *
 * <p>Thread-safe.
 */
final class RedisChangeFeed<K, V> implements ChangeFeed<K, V> {

  private static final System.Logger LOG = System.getLogger(RedisChangeFeed.class.getName());
  private static final byte FORMAT = 1;
  private static final Kind[] KINDS = Kind.values();
  /** How many messages from other processes may wait for this cache's listeners. */
  static final int INBOX_CAPACITY = 10_000;

  private final RedisEvents events;
  private final KeyNamespace namespace;
  private final byte[] channel;
  private final String cacheName;
  private final Codec<K> keyCodec;
  private final Codec<V> valueCodec;
  private volatile boolean othersListen;
  private volatile @Nullable Consumer<Change<K, V>> consumer;
  private volatile boolean expiredWanted;
  private final OrderedQueue<Runnable> inbox;

  RedisChangeFeed(RedisEvents events, KeyNamespace namespace, StoreSettings<K, V> settings) {
    this.events = events;
    this.namespace = namespace;
    this.channel = ("%events:" + namespace).getBytes(StandardCharsets.UTF_8);
    this.cacheName = settings.cacheName();
    this.keyCodec = settings.keyCodec();
    this.valueCodec = settings.valueCodec();
    this.inbox = new OrderedQueue<>("events from other processes for cache " + cacheName, INBOX_CAPACITY,
        Duration.ZERO, Runnable::run);
  }

  @Override
  public boolean othersListen() {
    return othersListen;
  }

  @Override
  public void announce(Change<K, V> change) {
    byte[] key = keyCodec.encode(change.key());
    byte[] value = change.value() == null ? null : valueCodec.encode(change.value());
    byte[] old = change.oldValue() == null ? null : valueCodec.encode(change.oldValue());
    ByteBuffer message = ByteBuffer.allocate(2 + RedisEvents.ORIGIN_BYTES + 12 + key.length
        + (value == null ? 0 : value.length) + (old == null ? 0 : old.length));
    message.put(FORMAT).put((byte) change.kind().ordinal()).put(events.origin());
    putBytes(message, key);
    putBytes(message, value);
    putBytes(message, old);
    events.publish(channel, message.array());
  }

  @Override
  public void listen(@Nullable Consumer<Change<K, V>> consumer, boolean expired) {
    this.consumer = consumer;
    this.expiredWanted = consumer != null && expired;
    events.listen(this, consumer != null, expiredWanted);
  }

  byte[] channel() {
    return channel;
  }

  void othersListen(boolean othersListen) {
    this.othersListen = othersListen;
  }

  /** Whether a message on this feed's channel came from this manager. */
  boolean isOwn(byte[] message) {
    byte[] origin = events.origin();
    return message.length >= 2 + origin.length
        && java.util.Arrays.equals(message, 2, 2 + origin.length, origin, 0, origin.length);
  }

  /** Queues a message from another process for delivery; never waits. */
  void receiveLater(byte[] message) {
    inbox.offer(() -> receive(message));
  }

  /** Queues an expiry Redis reported for delivery; never waits. */
  void receiveExpiredLater(byte[] redisKey) {
    inbox.offer(() -> receiveExpired(redisKey));
  }

  /** Stops delivering; messages still waiting are dropped. */
  void close() {
    inbox.close();
  }

  /** Delivers a message from another process. */
  private void receive(byte[] message) {
    Consumer<Change<K, V>> current = consumer;
    if (current == null) {
      return;
    }
    Change<K, V> change;
    try {
      ByteBuffer buffer = ByteBuffer.wrap(message);
      if (buffer.get() != FORMAT) {
        throw new IllegalArgumentException("unknown message format " + message[0]);
      }
      Kind kind = KINDS[buffer.get()];
      buffer.position(buffer.position() + RedisEvents.ORIGIN_BYTES);
      K key = keyCodec.decode(Objects.requireNonNull(getBytes(buffer), "a change without a key"));
      byte[] value = getBytes(buffer);
      byte[] old = getBytes(buffer);
      change = new Change<>(kind, key, value == null ? null : valueCodec.decode(value),
          old == null ? null : valueCodec.decode(old));
    } catch (RuntimeException e) {
      // anything may publish on a channel: a message that does not decode is dropped, not delivered half-read
      LOG.log(System.Logger.Level.WARNING, "cache " + cacheName + ": dropped an unreadable change message", e);
      return;
    }
    current.accept(change);
  }

  /** Delivers an expiry Redis reported, if the key is one of this cache's. */
  private void receiveExpired(byte[] redisKey) {
    Consumer<Change<K, V>> current = consumer;
    byte[] encodedKey = namespace.encodedKey(redisKey);
    if (current == null || !expiredWanted || encodedKey == null) {
      return;
    }
    K key;
    try {
      key = keyCodec.decode(encodedKey);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cache " + cacheName + ": an expired key does not decode", e);
      return;
    }
    current.accept(new Change<>(Kind.EXPIRED, key, null, null));
  }

  /** For log messages. */
  @Override
  public String toString() {
    return "the change feed of cache " + cacheName;
  }

  private static void putBytes(ByteBuffer buffer, byte @Nullable [] bytes) {
    if (bytes == null) {
      buffer.putInt(-1);
    } else {
      buffer.putInt(bytes.length).put(bytes);
    }
  }

  private static byte @Nullable [] getBytes(ByteBuffer buffer) {
    int length = buffer.getInt();
    if (length < 0) {
      return null;
    }
    if (length > buffer.remaining()) {
      throw new BufferUnderflowException();
    }
    byte[] bytes = new byte[length];
    buffer.get(bytes);
    return bytes;
  }
}
