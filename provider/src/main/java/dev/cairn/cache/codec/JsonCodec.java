package dev.cairn.cache.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * Objects of one declared type as JSON, with Jackson: readable by programs in other languages sharing the store.
 *
 * <p>Safe on untrusted bytes because the JSON never names a class: it always decodes into the declared type (no
 * polymorphic typing is enabled), so it cannot be made to instantiate anything else. Properties and map entries
 * are written in sorted order, so that equal objects give equal bytes, as compare-and-set by bytes needs. Unknown
 * properties are ignored, so an entry written by an older or newer version of the class still reads.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the declared type
 */
public final class JsonCodec<T> implements Codec<T> {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private final Class<T> type;
  private final ObjectReader reader;
  private final ObjectWriter writer;

  /** A codec for {@code type}; Jackson finds its classes through {@code classLoader}. */
  public JsonCodec(Class<T> type, ClassLoader classLoader) {
    this.type = type;
    ObjectMapper mapper = MAPPER.copy();
    mapper.setTypeFactory(mapper.getTypeFactory().withClassLoader(classLoader));
    this.reader = mapper.readerFor(type);
    this.writer = mapper.writerFor(type);
  }

  @Override
  public byte[] encode(T value) {
    try {
      return writer.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new CodecException("cannot write " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public T decode(byte[] bytes) {
    try {
      return reader.readValue(bytes);
    } catch (IOException e) {
      throw new CodecException("not JSON for " + type.getName() + ": " + e.getMessage(), e);
    }
  }
}
