package dev.cairn.cache.store.memcached;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Base64;

/**
 * One TCP connection to one memcached server, speaking the meta protocol: a command line is written into a buffer
 * piece by piece ({@link #command}, {@link #flag}, then {@link #end}), sent with {@link #flush()}, and replies are
 * read with {@link #readReply()}. Commands and replies go from bytes to bytes, without building Strings: a pipelined
 * 100-key read spent most of its client time there.
 *
 * <p>Every read waits at most the request timeout ({@code SO_TIMEOUT}), so a silent server ends in a
 * {@link java.net.SocketTimeoutException}, never a hang. After any {@link IOException} the connection's state is
 * unknown and it must be closed. Not thread-safe: one caller at a time, as {@link MemcachedNode}'s pool ensures.
 */
final class MetaConnection implements AutoCloseable {

  private static final Base64.Encoder BASE64 = Base64.getEncoder();

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  /** Commands not sent yet: {@code [0, pending)}. */
  private byte[] output = new byte[16 * 1024];
  private int pending;
  /** A key's base64 form, before it is copied into {@link #output}. */
  private final byte[] keyText = new byte[4 * ((KeySpace.MAX_KEY_BYTES + 2) / 3)];
  /** Bytes read from the socket: {@code [position, limit)} are not consumed yet. */
  private byte[] buffer = new byte[16 * 1024];
  private int position;
  private int limit;

  private MetaConnection(Socket socket) throws IOException {
    this.socket = socket;
    // no BufferedInputStream: its read() takes a lock per byte, which showed in the profile of a 100-key getAll
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  static MetaConnection open(InetSocketAddress address, int connectTimeoutMillis, int timeoutMillis)
      throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), connectTimeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      return new MetaConnection(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** Starts a command line: the two-letter {@code verb} and the key, in base64 (so the line needs the {@code b} flag). */
  MetaConnection command(String verb, byte[] key) throws IOException {
    ascii(verb);
    int length = BASE64.encode(key, keyText);
    reserve(1 + length);
    output[pending++] = ' ';
    System.arraycopy(keyText, 0, output, pending, length);
    pending += length;
    return this;
  }

  /** Starts a command line without a key, such as {@code mn}. */
  MetaConnection command(String verb) throws IOException {
    ascii(verb);
    return this;
  }

  /** Adds flags as written, each with its leading space, such as {@code " b v c f"}. */
  MetaConnection flags(String text) throws IOException {
    ascii(text);
    return this;
  }

  /** Adds one flag with a number, such as {@code T30} or {@code C<cas>}; the number is unsigned. */
  MetaConnection flag(char name, long number) throws IOException {
    reserve(2);
    output[pending++] = ' ';
    output[pending++] = (byte) name;
    digits(number);
    return this;
  }

  /** Adds one flag with a letter for its value, such as {@code MS} (the mode of {@code ms}). */
  MetaConnection token(char name, char value) throws IOException {
    reserve(3);
    output[pending++] = ' ';
    output[pending++] = (byte) name;
    output[pending++] = (byte) value;
    return this;
  }

  /** Adds a positional number, such as the data size of {@code ms}. */
  MetaConnection number(long number) throws IOException {
    reserve(1);
    output[pending++] = ' ';
    digits(number);
    return this;
  }

  private void digits(long number) throws IOException {
    if (number < 0) {
      ascii(Long.toUnsignedString(number));
      return;
    }
    reserve(19);
    int start = pending;
    long rest = number;
    do {
      output[pending++] = (byte) ('0' + rest % 10);
      rest /= 10;
    } while (rest != 0);
    for (int i = start, j = pending - 1; i < j; i++, j--) {
      byte digit = output[i];
      output[i] = output[j];
      output[j] = digit;
    }
  }

  /** Ends the command line. */
  void end() throws IOException {
    crlf();
  }

  /** Ends the command line, then writes its data block. */
  void end(byte[] data) throws IOException {
    crlf();
    if (data.length > output.length - pending) {
      flush();
      out.write(data);
    } else {
      System.arraycopy(data, 0, output, pending, data.length);
      pending += data.length;
    }
    crlf();
  }

  /** Sends what is buffered. */
  void flush() throws IOException {
    if (pending > 0) {
      out.write(output, 0, pending);
      pending = 0;
    }
  }

  private void ascii(String text) throws IOException {
    reserve(text.length());
    for (int i = 0; i < text.length(); i++) {
      output[pending++] = (byte) text.charAt(i);
    }
  }

  private void crlf() throws IOException {
    reserve(2);
    output[pending++] = '\r';
    output[pending++] = '\n';
  }

  /** Makes room for {@code bytes} more, sending what is buffered when they would not fit. */
  private void reserve(int bytes) throws IOException {
    if (bytes > output.length - pending) {
      flush();
      if (bytes > output.length) {
        output = new byte[bytes];
      }
    }
  }

  /** Reads one reply: its status line and, for {@code VA}, its data block. */
  MetaReply readReply() throws IOException {
    int scanned = position;
    while (true) {
      for (int i = scanned; i < limit; i++) {
        if (buffer[i] == '\n' && i > position && buffer[i - 1] == '\r') {
          int start = position;
          // consumed before it is parsed: an error line leaves the connection in step
          position = i + 1;
          MetaReply reply = MetaReply.parse(buffer, start, i - 1);
          return reply.size() >= 0 ? reply.withData(readData(reply.size())) : reply;
        }
      }
      int unread = limit - position;
      fill();
      scanned = position + unread;
    }
  }

  /** A data block of {@code size} bytes and its {@code \r\n}. */
  private byte[] readData(int size) throws IOException {
    byte[] data = new byte[size];
    int copied = Math.min(size, limit - position);
    System.arraycopy(buffer, position, data, 0, copied);
    position += copied;
    while (copied < size) {
      int read = in.read(data, copied, size - copied);
      if (read < 0) {
        throw new EOFException("connection closed in the middle of a value");
      }
      copied += read;
    }
    while (limit - position < 2) {
      fill();
    }
    if (buffer[position] != '\r' || buffer[position + 1] != '\n') {
      throw new EOFException("a value not followed by \\r\\n: the connection is out of step");
    }
    position += 2;
    return data;
  }

  /** Reads more from the socket after the unconsumed bytes, which move to the start of the (grown) buffer. */
  private void fill() throws IOException {
    int pending = limit - position;
    if (pending == buffer.length) {
      buffer = Arrays.copyOf(buffer, buffer.length * 2);
    } else if (position > 0) {
      System.arraycopy(buffer, position, buffer, 0, pending);
    }
    position = 0;
    limit = pending;
    int read = in.read(buffer, limit, buffer.length - limit);
    if (read < 0) {
      throw new EOFException("connection closed by the server");
    }
    limit += read;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a broken socket: nothing left to release, and the caller already reports the failure
    }
  }
}
