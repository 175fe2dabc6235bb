package dev.cairn.cache.store.memcached;

import dev.cairn.cache.store.ServerSignals;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code memcached} child process for tests, on a free loopback port (never the default 11211).
 * {@link #stop()} and {@link #restart()} simulate an outage on the same port; {@link #close()} ends the process
 * for good (a shutdown hook does it if a test forgets).
 *
 * <p>The binary is {@code memcached} from the {@code PATH} (Debian: {@code apt-get install memcached}; the CI
 * script installs it). Without one, {@link #start()} fails with a message saying so: tests never skip.
 *
 * <p>Also used by the TCK runner and the extensions, through the provider's test jar. Thread-safe.
 */
public final class MemcachedServer implements AutoCloseable {

  private static final long START_TIMEOUT_MILLIS = 10_000;

  private final int port;
  private final Thread shutdownHook;
  private final Path log;
  private Process process;

  private MemcachedServer(int port) throws IOException {
    this.port = port;
    this.log = Files.createTempFile("cairn-memcached-" + port + "-", ".log");
    this.shutdownHook = new Thread(this::kill, "memcached-" + port + "-killer");
  }

  /**
   * Starts a server on a free port and waits until it answers.
   *
   * @throws IllegalStateException if there is no memcached binary or it does not start
   */
  public static MemcachedServer start() {
    IllegalStateException lastFailure = null;
    // a free port can be taken by someone else between choosing it and memcached binding it: try a few
    for (int attempt = 0; attempt < 3; attempt++) {
      MemcachedServer server;
      try {
        server = new MemcachedServer(freePort());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try {
        server.launch();
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        return server;
      } catch (IllegalStateException e) {
        server.kill();
        lastFailure = e;
      }
    }
    throw lastFailure;
  }

  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:<port>}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** {@code memcached://127.0.0.1:<port>}, followed by {@code ?query} if {@code query} is not empty. */
  public URI uri(String query) {
    return URI.create("memcached://" + address() + (query.isEmpty() ? "" : "?" + query));
  }

  /** Kills the server, as a crash would. */
  public synchronized void stop() {
    kill();
  }

  /** Starts the server again on the same port, empty. */
  public synchronized void restart() {
    kill();
    launch();
  }

  /**
   * Freezes the server process ({@code kill -STOP}): its connections stay open, its items stay, and nothing is
   * answered until {@link #thaw()}.
   */
  public synchronized void freeze() {
    signal("STOP");
  }

  /** Lets a {@link #freeze() frozen} server run again ({@code kill -CONT}). */
  public synchronized void thaw() {
    signal("CONT");
  }

  private void signal(String name) {
    ServerSignals.send(process, name, "memcached on port " + port);
  }


  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  @Override
  public synchronized void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down, and the hook is running or has run
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // a leftover log file is harmless and not worth failing a test for
    }
  }

  private synchronized void launch() {
    List<String> command = new ArrayList<>(List.of(Binary.PATH.toString(), "-p", Integer.toString(port),
        "-l", "127.0.0.1", "-U", "0", "-m", "256", "-c", "1024"));
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("-u", "root")); // memcached refuses to run as root without being told whom to run as
    }
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + Binary.PATH + ": " + e.getMessage(), e);
    }
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("memcached on port " + port + " exited: " + readLog());
      }
      if (answers()) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting memcached", e);
      }
    }
    throw new IllegalStateException("memcached on port " + port + " did not answer within " + START_TIMEOUT_MILLIS
        + " ms: " + readLog());
  }

  private synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  private boolean answers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("mn\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(4);
      return new String(reply, StandardCharsets.US_ASCII).equals("MN\r\n");
    } catch (IOException e) {
      return false;
    }
  }

  private String readLog() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        if (socket.getLocalPort() != 11211) {
          return socket.getLocalPort();
        }
      }
    }
  }

  /** Finds the binary once per JVM. */
  private static final class Binary {
    static final Path PATH = find();

    private static Path find() {
      String searchPath = System.getenv("PATH");
      List<String> directories = new ArrayList<>(List.of("/usr/bin", "/usr/local/bin"));
      if (searchPath != null) {
        directories.addAll(0, List.of(searchPath.split(java.io.File.pathSeparator)));
      }
      for (String directory : directories) {
        Path candidate = Path.of(directory, "memcached");
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
      throw new IllegalStateException("no memcached binary on the PATH: install memcached 1.6 or later (Debian: "
          + "apt-get install memcached); the memcached tests start their own server and cannot run without it");
    }
  }
}
