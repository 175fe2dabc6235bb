package dev.cairn.cache.codec;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Boxed integers and floating-point numbers as their decimal text ({@code "42"}, {@code "2.5"}): readable by any
 * Redis client, and the form Redis's own {@code INCRBY} and {@code INCRBYFLOAT} work on, so a cache typed
 * {@code <K, Long>} can count on the server.
 *
 * <p>Decoding parses with the declared type's own parser, so bytes that are not a number of that type fail with
 * {@link CodecException}. Immutable and thread-safe.
 *
 * @param <T> the number type
 */
public final class NumberCodec<T extends Number> implements Codec<T> {

  private static final Map<Class<?>, NumberCodec<?>> BY_TYPE = Map.of(
      Long.class, new NumberCodec<>(Long.class, Long::valueOf),
      Integer.class, new NumberCodec<>(Integer.class, Integer::valueOf),
      Short.class, new NumberCodec<>(Short.class, Short::valueOf),
      Byte.class, new NumberCodec<>(Byte.class, Byte::valueOf),
      Double.class, new NumberCodec<>(Double.class, Double::valueOf),
      Float.class, new NumberCodec<>(Float.class, Float::valueOf));

  private final Class<T> type;
  private final Function<String, T> parser;

  private NumberCodec(Class<T> type, Function<String, T> parser) {
    this.type = type;
    this.parser = parser;
  }

  /** The codec for {@code type}, or {@code null} if it is not one of the six boxed number types. */
  @SuppressWarnings("unchecked")
  public static <T> @Nullable Codec<T> forType(Class<T> type) {
    return (Codec<T>) BY_TYPE.get(type);
  }

  @Override
  public byte[] encode(T value) {
    return value.toString().getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public T decode(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.US_ASCII);
    try {
      return parser.apply(text);
    } catch (NumberFormatException e) {
      String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
      throw new CodecException("not a " + type.getSimpleName() + ": '" + shown + "'", e);
    }
  }
}
