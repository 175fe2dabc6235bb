package dev.cairn.cache.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Keys of untyped caches: strings and whole numbers as readable text, never two keys on the same bytes. */
class UntypedKeyCodecTest {

  private final Codec<Object> codec = Codecs.forKeys(Object.class, SerializationRules.of(getClass().getClassLoader(),
      List.of()));

  private String text(Object key) {
    return new String(codec.encode(key), StandardCharsets.UTF_8);
  }

  @Test
  void stringsAndLongsAreTheirTextAsInTypedCaches() {
    assertThat(text("user:42")).isEqualTo("user:42");
    assertThat(text(42L)).isEqualTo("42");
    assertThat(text(-7L)).isEqualTo("-7");
    assertThat(text(42)).isEqualTo("~i42");
  }

  @Test
  void stringsThatLookLikeAnotherFormAreMarked() {
    assertThat(text("42")).isEqualTo("~s42");
    assertThat(text("~i42")).isEqualTo("~s~i42");
    assertThat(text("042")).isEqualTo("042");
    assertThat(text("-0")).isEqualTo("-0");
  }

  @Test
  void everyKeyComesBackAsItselfAndNoTwoShareBytes() {
    List<Object> keys = List.of("", "a", "42", "-7", "~", "~s", "~i1", "042", "-0", "99999999999999999999", 42L, 42,
        -7L, -7, 0L, 0, Long.MIN_VALUE, Integer.MIN_VALUE, "\uD83D\uDE00", "bad \uD800", LocalDate.of(2024, 1, 2),
        List.of(1, 2), 'c', (short) 3);
    Set<String> seen = new HashSet<>();
    for (Object key : keys) {
      byte[] bytes = codec.encode(key);
      assertThat(codec.decode(bytes)).as("%s", key).isEqualTo(key).hasSameClassAs(key);
      assertThat(seen.add(java.util.HexFormat.of().formatHex(bytes))).as("bytes of %s are unique", key).isTrue();
    }
  }

  @Test
  void otherKeysAreJavaSerializationBehindTheFilter() {
    assertThat(codec.encode(LocalDate.of(2024, 1, 2))).startsWith((byte) 0xAC, (byte) 0xED);
    byte[] planted = JavaSerializationCodec.trusted(getClass().getClassLoader()).encode(new Secret("x"));
    assertThatThrownBy(() -> codec.decode(planted)).isInstanceOf(CodecException.class)
        .hasMessageContaining("refused");
  }

  @Test
  void aMalformedMarkIsACodecException() {
    assertThatThrownBy(() -> codec.decode("~x1".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> codec.decode("~i12345678901".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CodecException.class);
  }

  record Secret(String value) implements java.io.Serializable {
  }
}
