package dev.cairn.cache.store.memcached;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

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
  private final byte[] line = new byte[1024];

  private MetaConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
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
  void send(String command, byte[] data) throws IOException {
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
    String status = readLine();
    MetaReply reply = MetaReply.parse(status);
    if (reply.size() >= 0) {
      byte[] data = in.readNBytes(reply.size());
      if (data.length < reply.size() || in.read() != '\r' || in.read() != '\n') {
        throw new EOFException("connection closed in the middle of a value");
      }
      return reply.withData(data);
    }
    return reply;
  }

  private String readLine() throws IOException {
    int length = 0;
    byte[] buffer = line;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed by the server");
      }
      if (b == '\n' && length > 0 && buffer[length - 1] == '\r') {
        return new String(buffer, 0, length - 1, StandardCharsets.US_ASCII);
      }
      if (length == buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
      }
      buffer[length++] = (byte) b;
    }
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
