package dev.cairn.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The operations as a hand-written memcached client would do them, with no cache layer: the ceiling for any cache
 * kept in memcached. A plain blocking socket per thread speaking the meta protocol (as Cairn's memcached store does,
 * over its own connection pool), keys as text with no prefix, values as their raw bytes (strings in UTF-8), no
 * deadline header, no key index.
 *
 * <ul>
 *   <li>get: {@code mg <key> v}; put: {@code ms <key> <size>}; containsKey: {@code mg <key>}; remove:
 *       {@code md <key>};</li>
 *   <li>getAll: one pipelined batch of quiet {@code mg <key> k v q} and {@code mn}; putAll: quiet {@code ms ... q}
 *       and {@code mn};</li>
 *   <li>increment: {@code mg <key> v c}, compute, {@code ms ... C<cas>} (or {@code ME} when absent), retried on
 *       conflict: the two round trips of a client-side read-modify-write.</li>
 * </ul>
 *
 * <p>Thread-safe: each thread has a connection of its own.
 */
final class MemcachedOperations implements CacheOperations {

  private final ValueKind kind;
  private final InetSocketAddress address;
  private final ThreadLocal<Connection> connections;
  private final ConcurrentLinkedQueue<Connection> opened = new ConcurrentLinkedQueue<>();

  MemcachedOperations(String uri, ValueKind kind) {
    URI parsed = URI.create(uri);
    this.kind = kind;
    this.address = new InetSocketAddress(parsed.getHost(), parsed.getPort());
    this.connections = ThreadLocal.withInitial(this::connect);
  }

  private Connection connect() {
    try {
      Connection connection = new Connection(address);
      opened.add(connection);
      return connection;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One reply: the status line's words and, for {@code VA}, the value. */
  private record Reply(String[] words, byte[] data) {
    boolean is(String status) {
      return words[0].equals(status);
    }

    String flag(char name) {
      for (String word : words) {
        if (!word.isEmpty() && word.charAt(0) == name) {
          return word.substring(1);
        }
      }
      return null;
    }
  }

  /** One socket with buffered streams. */
  private static final class Connection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Connection(InetSocketAddress address) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(address, 2_000);
      socket.setSoTimeout(2_000);
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    void send(String command, byte[] data) throws IOException {
      out.write(command.getBytes(StandardCharsets.US_ASCII));
      out.write('\r');
      out.write('\n');
      if (data != null) {
        out.write(data);
        out.write('\r');
        out.write('\n');
      }
    }

    Reply read() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream(64);
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new EOFException("memcached closed the connection");
        }
        if (b != '\r') {
          line.write(b);
        }
      }
      String[] words = line.toString(StandardCharsets.US_ASCII).split(" ");
      if (!words[0].equals("VA")) {
        return new Reply(words, null);
      }
      byte[] data = in.readNBytes(Integer.parseInt(words[1]));
      in.skipNBytes(2);
      return new Reply(words, data);
    }

    Reply call(String command, byte[] data) throws IOException {
      send(command, data);
      out.flush();
      return read();
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing after the benchmark: nothing left to release
      }
    }
  }

  private interface Exchange<T> {
    T run(Connection connection) throws IOException;
  }

  private <T> T on(Exchange<T> exchange) {
    try {
      return exchange.run(connections.get());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Object get(String key) {
    return on(connection -> value(connection.call("mg " + key + " v", null)));
  }

  @Override
  public void put(String key, Object value) {
    byte[] data = bytes(value);
    on(connection -> connection.call("ms " + key + " " + data.length, data));
  }

  @Override
  public boolean containsKey(String key) {
    return on(connection -> connection.call("mg " + key, null).is("HD"));
  }

  @Override
  public Map<String, Object> getAll(Set<String> keys) {
    return on(connection -> {
      for (String key : keys) {
        connection.send("mg " + key + " k v q", null);
      }
      connection.send("mn", null);
      connection.out.flush();
      Map<String, Object> found = new LinkedHashMap<>();
      for (Reply reply = connection.read(); !reply.is("MN"); reply = connection.read()) {
        found.put(reply.flag('k'), value(reply));
      }
      return found;
    });
  }

  @Override
  public void putAll(Map<String, Object> entries) {
    on(connection -> {
      for (Map.Entry<String, Object> entry : entries.entrySet()) {
        byte[] data = bytes(entry.getValue());
        connection.send("ms " + entry.getKey() + " " + data.length + " q", data);
      }
      connection.send("mn", null);
      connection.out.flush();
      List<Reply> failures = new ArrayList<>();
      for (Reply reply = connection.read(); !reply.is("MN"); reply = connection.read()) {
        failures.add(reply);
      }
      if (!failures.isEmpty()) {
        throw new IllegalStateException("memcached refused " + failures.size() + " writes");
      }
      return null;
    });
  }

  @Override
  public void increment(String key) {
    on(connection -> {
      while (true) {
        Reply current = connection.call("mg " + key + " v c", null);
        Object value = current.is("VA") ? value(current) : null;
        byte[] next = bytes(kind.increment(value));
        String mode = value == null ? " ME" : " C" + current.flag('c');
        if (connection.call("ms " + key + " " + next.length + mode, next).is("HD")) {
          return null;
        }
      }
    });
  }

  @Override
  public boolean remove(String key) {
    return on(connection -> connection.call("md " + key, null).is("HD"));
  }

  @Override
  public void close() {
    opened.forEach(Connection::close);
  }

  private Object value(Reply reply) {
    if (!reply.is("VA")) {
      return null;
    }
    return kind == ValueKind.STRING ? new String(reply.data(), StandardCharsets.UTF_8) : reply.data();
  }

  private byte[] bytes(Object value) {
    return kind == ValueKind.STRING ? ((String) value).getBytes(StandardCharsets.UTF_8) : (byte[]) value;
  }
}
