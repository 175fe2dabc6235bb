package dev.cairn.cache.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Numbers as decimal text (what Redis counts on) and typed values as JSON (what other languages read). */
class TextAndJsonCodecTest {

  private final ClassLoader loader = getClass().getClassLoader();

  @Test
  void numbersAreDecimalText() {
    Codec<Long> longs = Codecs.forType(Long.class, loader);
    assertThat(new String(longs.encode(-42L), StandardCharsets.US_ASCII)).isEqualTo("-42");
    assertThat(longs.decode("9000000000".getBytes(StandardCharsets.US_ASCII))).isEqualTo(9_000_000_000L);
    Codec<Double> doubles = Codecs.forType(Double.class, loader);
    // INCRBYFLOAT answers "3.5" or "3": both must read back
    assertThat(doubles.decode("3".getBytes(StandardCharsets.US_ASCII))).isEqualTo(3.0);
    assertThat(doubles.decode(doubles.encode(2.5))).isEqualTo(2.5);
    assertThat(Codecs.forType(Integer.class, loader).decode("7".getBytes(StandardCharsets.US_ASCII))).isEqualTo(7);
  }

  @Test
  void textThatIsNotANumberOfTheTypeIsACodecException() {
    Codec<Integer> ints = Codecs.forType(Integer.class, loader);
    assertThatThrownBy(() -> ints.decode("12345678901".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(CodecException.class).hasMessageContaining("not a Integer");
    assertThatThrownBy(() -> ints.decode(new byte[] {(byte) 0xAC, (byte) 0xED}))
        .isInstanceOf(CodecException.class);
  }

  @Test
  void typedValuesRoundTripAsSortedJson() {
    Codec<Person> codec = Codecs.jsonForType(Person.class, loader, List.of());
    byte[] bytes = codec.encode(new Person("Ada", 36, Map.of("z", 1, "a", 2)));
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .isEqualTo("{\"age\":36,\"name\":\"Ada\",\"tags\":{\"a\":2,\"z\":1}}");
    assertThat(codec.decode(bytes)).isEqualTo(new Person("Ada", 36, Map.of("a", 2, "z", 1)));
  }

  @Test
  void jsonNeverChoosesTheClassItBuilds() {
    Codec<Person> codec = Codecs.jsonForType(Person.class, loader, List.of());
    // a type hint in the bytes is just an unknown property: the result is still a Person
    Person read = codec.decode("{\"@class\":\"java.net.URL\",\"name\":\"x\",\"age\":1}"
        .getBytes(StandardCharsets.UTF_8));
    assertThat(read).isEqualTo(new Person("x", 1, null));
    assertThatThrownBy(() -> codec.decode("[1,2".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CodecException.class).hasMessageContaining(Person.class.getName());
  }

  @Test
  void untypedCachesStayOnTheAllowListedJavaSerialization() {
    Codec<Object> codec = Codecs.jsonForType(Object.class, loader, List.of());
    assertThat(codec).isInstanceOf(JavaSerializationCodec.class);
    assertThat(codec.decode(codec.encode(List.of(1, 2)))).isEqualTo(List.of(1, 2));
  }

  /** A value type as an application declares it. */
  public record Person(String name, int age, Map<String, Integer> tags) { }
}
