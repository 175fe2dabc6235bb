package dev.cairn.cache.codec;

import java.nio.charset.StandardCharsets;

/** UTF-8 strings: readable by any Redis client. */
public final class StringCodec implements Codec<String> {

  /** The one instance. */
  public static final StringCodec INSTANCE = new StringCodec();

  private StringCodec() {
  }

  @Override
  public byte[] encode(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String decode(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
