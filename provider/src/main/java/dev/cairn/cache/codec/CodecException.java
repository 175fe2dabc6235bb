package dev.cairn.cache.codec;

import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * Bytes could not be decoded, or an object could not be encoded. {@link #className()} names the class concerned when
 * it is known (the class a filter refused, the class that changed), so that a store can log once per class.
 */
public class CodecException extends CacheException {

  private static final long serialVersionUID = 1L;

  private final @Nullable String className;

  public CodecException(String message) {
    this(message, null, null);
  }

  public CodecException(String message, @Nullable Throwable cause) {
    this(message, null, cause);
  }

  /** A failure about values of {@code className} (may be {@code null}). */
  public CodecException(String message, @Nullable String className, @Nullable Throwable cause) {
    super(message, cause);
    this.className = className;
  }

  /** The class whose values failed, or {@code null} when the bytes named none (garbage, a truncated stream). */
  public @Nullable String className() {
    return className;
  }
}
