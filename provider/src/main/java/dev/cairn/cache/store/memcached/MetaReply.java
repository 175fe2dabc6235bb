package dev.cairn.cache.store.memcached;

import java.io.IOException;

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

  /** Parses a status line; a {@code VA} reply's data is still to be read. */
  static MetaReply parse(String line) throws IOException {
    if (line.startsWith("ERROR") || line.startsWith("CLIENT_ERROR") || line.startsWith("SERVER_ERROR")) {
      throw new MetaProtocolException(line);
    }
    String[] tokens = line.split(" ");
    String status = tokens[0];
    int size = -1;
    int first = 1;
    if (status.equals("VA")) {
      size = Integer.parseInt(tokens[1]);
      first = 2;
    }
    long cas = 0;
    int flags = 0;
    int opaque = -1;
    for (int i = first; i < tokens.length; i++) {
      String token = tokens[i];
      if (token.isEmpty()) {
        continue;
      }
      switch (token.charAt(0)) {
        case 'c' -> cas = Long.parseUnsignedLong(token.substring(1));
        case 'f' -> flags = (int) Long.parseLong(token.substring(1));
        case 'O' -> opaque = Integer.parseInt(token.substring(1));
        default -> {
          // other return flags (k, b, t...) are not used by the caller that asked for them
        }
      }
    }
    return new MetaReply(status, size, cas, flags, opaque, NO_DATA);
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
