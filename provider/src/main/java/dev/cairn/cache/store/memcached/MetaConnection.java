package dev.cairn.cache.store.memcached;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One TCP connection to one memcached server, speaking the meta protocol: commands are written into a buffer and
 * sent with {@link #flush()}, replies read line by line with {@link #readReply()}.
 *
 * <p>Every read waits at most the request timeout ({@code SO_TIMEOUT}), so a silent server ends in a
 * {@link java.net.SocketTimeoutException}, never a hang. After any {@link IOException} the connection's state is
 * unknown and it must be closed. Not thread-safe: one caller at a time, as {@link MemcachedNode}'s pool ensures.
 */
final class MetaConnection implements AutoCloseable {

  private static final byte[] CRLF = {'\r', '\n'};

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  /** Bytes read from the socket: {@code [position, limit)} are not consumed yet. */
  private byte[] buffer = new byte[16 * 1024];
  private int position;
  private int limit;

  private MetaConnection(Socket socket) throws IOException {
    this.socket = socket;
    // no BufferedInputStream: its read() takes a lock per byte, which showed in the profile of a 100-key getAll
    this.in = socket.getInputStream();
    this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
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

  /** Buffers a command line (without its {@code \r\n}) and, if {@code data} is not {@code null}, its data block. */
  void send(String command, byte @Nullable [] data) throws IOException {
    out.write(command.getBytes(StandardCharsets.US_ASCII));
    out.write(CRLF);
    if (data != null) {
      out.write(data);
      out.write(CRLF);
    }
  }

  void flush() throws IOException {
    out.flush();
  }

  /** Reads one reply: its status line and, for {@code VA}, its data block. */
  MetaReply readReply() throws IOException {
    MetaReply reply = MetaReply.parse(readLine());
    if (reply.size() >= 0) {
      return reply.withData(readData(reply.size()));
    }
    return reply;
  }

  private String readLine() throws IOException {
    int scanned = position;
    while (true) {
      for (int i = scanned; i < limit; i++) {
        if (buffer[i] == '\n' && i > position && buffer[i - 1] == '\r') {
          String line = new String(buffer, position, i - 1 - position, StandardCharsets.US_ASCII);
          position = i + 1;
          return line;
        }
      }
      int pending = limit - position;
      fill();
      scanned = position + pending;
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
