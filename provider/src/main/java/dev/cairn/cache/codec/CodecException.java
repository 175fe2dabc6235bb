package dev.cairn.cache.codec;

import javax.cache.CacheException;

/** Bytes could not be decoded, or an object could not be encoded. */
public class CodecException extends CacheException {

  private static final long serialVersionUID = 1L;

  public CodecException(String message) {
    super(message);
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
