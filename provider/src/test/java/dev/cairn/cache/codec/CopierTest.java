package dev.cairn.cache.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Store-by-value copies: nothing mutable is shared between what the caller holds and what the cache keeps. */
class CopierTest {

  private final Copier copier = new Copier(JavaSerializationCodec.trusted(getClass().getClassLoader()));

  @Test
  void copiesAByteArraySoThatChangingOneLeavesTheOther() {
    byte[] original = {1, 2, 3};
    byte[] copy = copier.copy(original);
    assertThat(copy).isNotSameAs(original).containsExactly(1, 2, 3);
    copy[0] = 9;
    assertThat(original).containsExactly(1, 2, 3);
  }

  @Test
  void copiesOtherPrimitiveArraysFlat() {
    long[] longs = {Long.MAX_VALUE, -1};
    char[] empty = {};
    assertThat(copier.copy(longs)).isNotSameAs(longs).containsExactly(Long.MAX_VALUE, -1);
    assertThat(copier.copy(empty)).isNotSameAs(empty).isEmpty();
  }

  @Test
  void copiesArraysOfObjectsDeeply() {
    List<String> inner = new ArrayList<>(List.of("a"));
    Object[] original = {inner};
    Object[] copy = copier.copy(original);
    assertThat(copy).isNotSameAs(original);
    assertThat(copy[0]).isNotSameAs(inner).isEqualTo(inner);
  }

  @Test
  void returnsImmutableValuesAsTheyAre() {
    String text = new String("text");
    assertThat(copier.copy(text)).isSameAs(text);
    assertThat(copier.<Object>copy(null)).isNull();
  }
}
