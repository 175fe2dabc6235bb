package dev.cairn.cache.store.memcached;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * One meta-protocol reply: its two-letter status ({@code VA}, {@code HD}, {@code EN}, {@code NS}, {@code EX},
 * {@code NF}, {@code MN}) and the return flags Cairn asks for.
 *
 * @param status the status code
 * @param size the data size of a {@code VA} reply, {@code -1} for other replies
 * @param cas the CAS unique ({@code c}), {@code 0} if not returned
 * @param flags the client flags ({@code f}), {@code 0} if not returned
 * @param opaque the opaque token ({@code O}), {@code -1} if not returned
 * @param data the value of a {@code VA} reply once read, otherwise empty
 */
record MetaReply(String status, int size, long cas, int flags, int opaque, byte[] data) {

  private static final byte[] NO_DATA = new byte[0];

  /** Parses the status line in {@code line[from, to)} (without its {@code \r\n}); a {@code VA} reply's data is still to be read. */
  static MetaReply parse(byte[] line, int from, int to) throws IOException {
    int end = from;
    while (end < to && line[end] != ' ') {
      end++;
    }
    String status = status(line, from, end);
    if (status == null) {
      String text = new String(line, from, to - from, StandardCharsets.US_ASCII);
      if (text.startsWith("ERROR") || text.startsWith("CLIENT_ERROR") || text.startsWith("SERVER_ERROR")) {
        throw new MetaProtocolException(text);
      }
      throw new MetaProtocolException("an unknown reply: " + text);
    }
    int size = -1;
    long cas = 0;
    int flags = 0;
    int opaque = -1;
    boolean first = true;
    for (int start = end + 1; start < to; start = end + 1) {
      end = start;
      while (end < to && line[end] != ' ') {
        end++;
      }
      if (end == start) {
        continue;
      }
      if (first && status.equals("VA")) {
        size = (int) number(line, start, end);
      } else {
        switch (line[start]) {
          case 'c' -> cas = number(line, start + 1, end);
          case 'f' -> flags = (int) number(line, start + 1, end);
          case 'O' -> opaque = (int) number(line, start + 1, end);
          default -> {
            // other return flags (k, b, t...) are not used by the caller that asked for them
          }
        }
      }
      first = false;
    }
    if (status.equals("VA") && size < 0) {
      throw new MetaProtocolException("a VA reply without a size: " + new String(line, from, to - from,
          StandardCharsets.US_ASCII));
    }
    return new MetaReply(status, size, cas, flags, opaque, NO_DATA);
  }

  /** The status codes Cairn expects, as constants, so that parsing a reply allocates no String for it. */
  private static @Nullable String status(byte[] line, int from, int end) {
    if (end - from != 2) {
      return null;
    }
    return switch (line[from] << 8 | line[from + 1]) {
      case 'V' << 8 | 'A' -> "VA";
      case 'H' << 8 | 'D' -> "HD";
      case 'E' << 8 | 'N' -> "EN";
      case 'N' << 8 | 'S' -> "NS";
      case 'E' << 8 | 'X' -> "EX";
      case 'N' << 8 | 'F' -> "NF";
      case 'M' << 8 | 'N' -> "MN";
      default -> null;
    };
  }

  /** The unsigned decimal number in {@code line[from, to)}. */
  private static long number(byte[] line, int from, int to) throws MetaProtocolException {
    if (from == to || to - from > 20) {
      throw new MetaProtocolException("a malformed number in a reply");
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      int digit = line[i] - '0';
      if (digit < 0 || digit > 9) {
        throw new MetaProtocolException("a malformed number in a reply");
      }
      value = value * 10 + digit;
    }
    return value;
  }

  MetaReply withData(byte[] value) {
    return new MetaReply(status, size, cas, flags, opaque, value);
  }

  boolean is(String code) {
    return status.equals(code);
  }

  /** The server answered with an error line: a bug or a limit (such as a value too large), not a lost connection. */
  static final class MetaProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    MetaProtocolException(String line) {
      super("memcached replied " + line);
    }
  }
}
