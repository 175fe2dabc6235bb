package dev.cairn.cache.extensions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {

  @Test
  void wildcardsClassesAndEscapes() {
    assertThat(Glob.of("user:*").matches("user:")).isTrue();
    assertThat(Glob.of("user:*").matches("user:1:2")).isTrue();
    assertThat(Glob.of("user:*").matches("users:1")).isFalse();
    assertThat(Glob.of("a?c").matches("abc")).isTrue();
    assertThat(Glob.of("a?c").matches("ac")).isFalse();
    assertThat(Glob.of("[a-c]x").matches("bx")).isTrue();
    assertThat(Glob.of("[a-c]x").matches("dx")).isFalse();
    assertThat(Glob.of("[^a-c]x").matches("dx")).isTrue();
    assertThat(Glob.of("[^a-c]x").matches("ax")).isFalse();
    assertThat(Glob.of("[xyz]").matches("y")).isTrue();
    assertThat(Glob.of("\\*").matches("*")).isTrue();
    assertThat(Glob.of("\\*").matches("a")).isFalse();
    assertThat(Glob.of("[\\]]").matches("]")).isTrue();
    assertThat(Glob.of("*a*b").matches("xaxxb")).isTrue();
    assertThat(Glob.of("*a*b").matches("xaxxbc")).isFalse();
  }

  @Test
  void theServerPatternWidensOneCharacterTokensToStars() {
    assertThat(Glob.of("user:*").serverMatchesExactly()).isTrue();
    assertThat(Glob.of("a\\?c").serverMatchesExactly()).isTrue();
    assertThat(Glob.of("k?").serverPattern()).isEqualTo("k*");
    assertThat(Glob.of("k[é]x?*[^a-z]").serverPattern()).isEqualTo("k*x*");
    assertThat(Glob.of("a\\*?").serverPattern()).isEqualTo("a\\**");
    assertThat(Glob.of("\\[x]?").serverPattern()).isEqualTo("\\[x]*");
    assertThat(Glob.of("k?").serverMatchesExactly()).isFalse();
  }

  @Test
  void manyStarsOnALongKeyStayFast() {
    String key = "a".repeat(10_000);
    assertThat(Glob.of("*a*a*a*a*a*a*a*a*a*a*b").matches(key)).isFalse();
  }
}
