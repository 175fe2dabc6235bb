package dev.cairn.cache.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on loopback in front of a test server, to inject network faults: {@link #drop()} discards traffic in
 * both directions while the connections stay open (a partition), {@link #delay(long)} holds each chunk for a while
 * before forwarding it (a slow link or server, order kept), {@link #resetAll()} ends every connection with a
 * reset, and {@link #pass()} forwards normally again. Threads are daemons, two per connection. Thread-safe.
 */
final class TcpProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean dropping;
  private volatile long delayMillis;

  private TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "tcp-proxy-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy to {@code 127.0.0.1:targetPort} on a free port. */
  static TcpProxy to(int targetPort) {
    try {
      return new TcpProxy(targetPort);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  int port() {
    return listener.getLocalPort();
  }

  /** {@code redis://127.0.0.1:<proxy port>?query}. */
  URI redisUri(String query) {
    return URI.create("redis://127.0.0.1:" + port() + (query.isEmpty() ? "" : "?" + query));
  }

  void drop() {
    dropping = true;
  }

  void delay(long millis) {
    delayMillis = millis;
  }

  void pass() {
    dropping = false;
    delayMillis = 0;
  }

  /** Ends every open connection with a TCP reset; new connections are accepted as before. */
  void resetAll() {
    for (Socket socket : sockets) {
      try {
        socket.setSoLinger(true, 0);
        socket.close();
      } catch (IOException e) {
        // already gone
      }
    }
    sockets.clear();
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // nothing left to release
    }
    resetAll();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket();
        try {
          server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 1_000);
        } catch (IOException refused) {
          client.setSoLinger(true, 0);
          client.close();
          continue;
        }
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        // the listener closed, or one accept failed: the loop condition decides
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int read;
        while ((read = in.read(buffer)) >= 0) {
          if (dropping) {
            continue;
          }
          long delay = delayMillis;
          if (delay > 0) {
            TimeUnit.MILLISECONDS.sleep(delay);
          }
          out.write(buffer, 0, read);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // a side closed or was reset: end the other side too
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "tcp-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private void closeQuietly(Socket socket) {
    sockets.remove(socket);
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
