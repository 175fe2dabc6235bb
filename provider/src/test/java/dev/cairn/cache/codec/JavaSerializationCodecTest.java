package dev.cairn.cache.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bytes from Redis or disk are untrusted: only allowed classes come back to life. */
class JavaSerializationCodecTest {

  private final ClassLoader loader = getClass().getClassLoader();

  @Test
  void decodesAllowedTypesAndJdkCollections() {
    Codec<Object> codec = Codecs.forType(Object.class, loader);
    Object value = new ArrayList<>(List.of(1L, "two", Map.of("k", new int[] {3})));
    Object copy = codec.decode(codec.encode(value));
    assertThat(copy).isInstanceOf(ArrayList.class);
    assertThat(((List<?>) copy).get(1)).isEqualTo("two");
  }

  @Test
  void refusesClassesOutsideTheAllowList() {
    Codec<Object> codec = Codecs.forType(Object.class, loader);
    byte[] gadget = JavaSerializationCodec.trusted(loader).encode(new NotAllowed("payload"));
    assertThatThrownBy(() -> codec.decode(gadget)).isInstanceOf(CodecException.class)
        .hasMessageContaining("refused to deserialize " + NotAllowed.class.getName())
        .hasMessageContaining(Codecs.ALLOW_PROPERTY);
  }

  @Test
  void allowsExtraPatternsAManagerAdds() {
    Codec<Object> codec = Codecs.forType(Object.class, loader, List.of(NotAllowed.class.getName()));
    assertThat(codec.decode(codec.encode(new NotAllowed("x")))).isEqualTo(new NotAllowed("x"));
  }

  @Test
  void anArrayOfSerializableIsAllowedAsHibernatesDisassembledStateIs() {
    Codec<Object> codec = Codecs.forType(Object.class, loader);
    Serializable[] state = {1L, "title"};
    assertThat((Serializable[]) codec.decode(codec.encode(state))).containsExactly(1L, "title");
  }

  @Test
  void allowsTheCachesDeclaredType() {
    Codec<NotAllowed> codec = Codecs.forType(NotAllowed.class, loader);
    assertThat(codec.decode(codec.encode(new NotAllowed("x")))).isEqualTo(new NotAllowed("x"));
  }

  @Test
  void honoursReadResolveSoSingletonsStaySingletons() {
    Codec<Singleton> codec = Codecs.forType(Singleton.class, loader);
    assertThat(codec.decode(codec.encode(Singleton.INSTANCE))).isSameAs(Singleton.INSTANCE);
  }

  @Test
  void garbageIsACodecExceptionNotACrash() {
    Codec<Object> codec = Codecs.forType(Object.class, loader);
    assertThatThrownBy(() -> codec.decode(new byte[] {1, 2, 3})).isInstanceOf(CodecException.class);
  }

  record NotAllowed(String payload) implements Serializable {
  }

  static final class Singleton implements Serializable {
    static final Singleton INSTANCE = new Singleton();

    private Object readResolve() {
      return INSTANCE;
    }
  }
}
