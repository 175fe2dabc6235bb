package dev.cairn.cache.codec;

/**
 * Turns keys or values into bytes and back, for stores that keep bytes and for store-by-value copies.
 *
 * <p>Implementations are thread-safe. {@code encode} never receives {@code null}; equal objects should encode to
 * equal bytes, because remote stores compare values by their bytes. {@code decode} receives bytes that may come
 * from another process or a damaged file: it must treat them as untrusted and fail with
 * {@link CodecException} rather than run arbitrary code.
 *
 * @param <T> the type encoded
 */
public interface Codec<T> {

  /** Encodes a non-null object. */
  byte[] encode(T value);

  /**
   * Decodes bytes produced by {@link #encode}.
   *
   * @throws CodecException if the bytes are not a valid encoding of an allowed type
   */
  T decode(byte[] bytes);
}
