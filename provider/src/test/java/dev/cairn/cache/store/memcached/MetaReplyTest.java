package dev.cairn.cache.store.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reply lines as memcached writes them, and lines a broken or hostile peer could send. */
class MetaReplyTest {

  private static MetaReply parse(String line) throws IOException {
    byte[] bytes = ("xx" + line + "\r\n").getBytes(StandardCharsets.US_ASCII);
    return MetaReply.parse(bytes, 2, bytes.length - 2);
  }

  @Test
  void aValueReplyGivesItsSizeCasFlagsAndOpaque() throws IOException {
    MetaReply reply = parse("VA 12 b c18446744073709551615 f1 O42 kZm9v");
    assertThat(reply.is("VA")).isTrue();
    assertThat(reply.size()).isEqualTo(12);
    assertThat(Long.toUnsignedString(reply.cas())).isEqualTo("18446744073709551615");
    assertThat(reply.flags()).isEqualTo(1);
    assertThat(reply.opaque()).isEqualTo(42);
  }

  @Test
  void statusRepliesHaveNoData() throws IOException {
    for (String status : new String[] {"HD", "EN", "NS", "EX", "NF", "MN"}) {
      MetaReply reply = parse(status);
      assertThat(reply.status()).isEqualTo(status);
      assertThat(reply.size()).isEqualTo(-1);
      assertThat(reply.opaque()).isEqualTo(-1);
    }
    assertThat(parse("NS O7").opaque()).isEqualTo(7);
  }

  @Test
  void errorsAndMalformedLinesAreProtocolErrorsNamingTheLine() {
    assertThatThrownBy(() -> parse("SERVER_ERROR object too large for cache"))
        .isInstanceOf(MetaReply.MetaProtocolException.class)
        .hasMessageContaining("SERVER_ERROR object too large for cache");
    assertThatThrownBy(() -> parse("CLIENT_ERROR bad data chunk")).hasMessageContaining("CLIENT_ERROR");
    assertThatThrownBy(() -> parse("ERROR")).hasMessageContaining("ERROR");
    assertThatThrownBy(() -> parse("ZZ 1")).hasMessageContaining("unknown reply: ZZ 1");
    assertThatThrownBy(() -> parse("VA")).hasMessageContaining("without a size");
    assertThatThrownBy(() -> parse("VA x1")).hasMessageContaining("malformed number");
    assertThatThrownBy(() -> parse("HD c-1")).hasMessageContaining("malformed number");
  }
}
