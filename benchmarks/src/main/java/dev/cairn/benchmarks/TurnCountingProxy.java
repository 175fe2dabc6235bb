package dev.cairn.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay in front of a redis-server that counts round trips: on each client connection, a burst of bytes from
 * the client that follows bytes from the server (or opens the connection) starts a new turn. A client that sends a
 * command and waits for its answer makes one turn per command; a pipeline sent in one go makes one turn. Commands
 * written one by one while the answers to the first ones already come back count as several turns, so the count
 * is an upper bound of the round trips a caller waited for.
 *
 * <p>For {@link RoundTripProbe} only: one thread per direction per connection, which is slow but does not matter
 * for counting. Thread-safe.
 */
final class TurnCountingProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int targetPort;
  private final AtomicLong turns = new AtomicLong();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  TurnCountingProxy(int targetPort) {
    this.targetPort = targetPort;
    try {
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** {@code redis://127.0.0.1:<the proxy's port>}. */
  String uri() {
    return "redis://127.0.0.1:" + listener.getLocalPort();
  }

  /** The turns counted since the last {@link #reset()}. */
  long turns() {
    return turns.get();
  }

  void reset() {
    turns.set(0);
  }

  @Override
  public void close() {
    try {
      listener.close();
      for (Socket socket : sockets) {
        socket.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(server);
        AtomicBoolean answered = new AtomicBoolean(true);
        relay(client, server, () -> {
          if (answered.getAndSet(false)) {
            turns.incrementAndGet();
          }
        });
        relay(server, client, () -> answered.set(true));
      } catch (IOException e) {
        if (!listener.isClosed()) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /** Copies {@code from} to {@code to} on a daemon thread, calling {@code onBytes} before each chunk is passed on. */
  private static void relay(Socket from, Socket to, Runnable onBytes) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int read;
        while ((read = in.read(buffer)) >= 0) {
          onBytes.run();
          out.write(buffer, 0, read);
          out.flush();
        }
      } catch (IOException closed) {
        // one side went away: the other copy ends on its own when its socket closes
      }
    }, "proxy-relay");
    thread.setDaemon(true);
    thread.start();
  }
}
