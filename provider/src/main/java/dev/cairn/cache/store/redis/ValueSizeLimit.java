package dev.cairn.cache.store.redis;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.codec.NumberCodec;
import dev.cairn.cache.config.ByteSize;
import javax.cache.CacheException;

/**
 * The largest encoded value a Redis store writes (URI parameter {@code maxValueSize}, document key
 * {@code connection.maxValueSize}; default {@code 16m}).
 *
 * <p>Why a limit: every cache of a manager shares one multiplexed connection, and Redis answers in order, so one
 * value of hundreds of megabytes holds up every other command behind it until it is through, and each of them
 * can time out. At the default the wait stays well under the default {@code 2s} command timeout: 16 MB takes about
 * 0.15 s on a 1 Gbit/s network (Redis itself refuses values over 512 MB). A larger value fails at the write, before
 * anything is sent, with a {@link CacheException} naming its size, the limit and how to change it. Values that
 * other clients wrote are not checked on reads.
 *
 * @param maxBytes the largest encoded value, in bytes
 */
record ValueSizeLimit(long maxBytes) {

  /**
   * {@code codec}, whose {@code encode} refuses values over the limit; {@code decode} is unchanged. A
   * {@link NumberCodec} is returned as it is: a number's text never nears the limit, and
   * {@link RedisCapabilities} recognises that codec to offer {@code INCRBY}.
   */
  <V> Codec<V> around(String cacheName, Codec<V> codec) {
    if (codec instanceof NumberCodec) {
      return codec;
    }
    return new Codec<>() {
      @Override
      public byte[] encode(V value) {
        byte[] bytes = codec.encode(value);
        if (bytes.length > maxBytes) {
          throw new CacheException("cache " + cacheName + ": a value of " + bytes.length + " bytes (encoded) is "
              + "over the Redis store's value size limit of " + maxBytes + " bytes (" + new ByteSize(maxBytes)
              + "), which keeps one transfer from holding up the connection all caches of the manager share; "
              + "raise it with the URI parameter maxValueSize (such as ?maxValueSize=64m) or the configuration "
              + "document's connection.maxValueSize, or store smaller values");
        }
        return bytes;
      }

      @Override
      public V decode(byte[] bytes) {
        return codec.decode(bytes);
      }
    };
  }
}
