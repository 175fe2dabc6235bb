package dev.cairn.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} that a benchmark trial or the probe starts for itself: on a free loopback port, without
 * persistence, never the machine's own server. The binary is {@code redis-server} from the {@code PATH}, or else the
 * Linux x86-64 binary inside the {@code embedded-redis} artifact (the provider's tests use the same two sources).
 *
 * <p>Not thread-safe: one trial starts it and closes it.
 */
final class RedisProcess implements AutoCloseable {

  private static final String PACKAGED_BINARY = "redis-server-6.2.6-v5-linux-amd64";

  private final Process process;
  private final int port;
  private final Thread killer;

  private RedisProcess(Process process, int port) {
    this.process = process;
    this.port = port;
    this.killer = new Thread(process::destroyForcibly, "redis-server-" + port + "-killer");
    Runtime.getRuntime().addShutdownHook(killer);
  }

  /** Starts a server and returns once it accepts connections. */
  static RedisProcess start() {
    int port = freePort();
    List<String> command = List.of(binary().toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "");
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    }
    RedisProcess server = new RedisProcess(process, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited with status " + process.exitValue());
      }
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return server;
      } catch (IOException notYet) {
        sleepBriefly();
      }
    }
    server.close();
    throw new IllegalStateException("redis-server on port " + port + " did not accept connections in 10 s");
  }

  int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs anyway, and the process is gone
    }
  }

  private static Path binary() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(java.io.File.pathSeparator))
        .map(directory -> Path.of(directory, "redis-server"))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseGet(RedisProcess::packagedBinary);
  }

  private static Path packagedBinary() {
    try (InputStream packaged = RedisProcess.class.getClassLoader().getResourceAsStream(PACKAGED_BINARY)) {
      if (packaged == null) {
        throw new IllegalStateException("no redis-server on the PATH (Debian: apt-get install redis-server)");
      }
      Path copy = Files.createTempFile("cairn-bench-redis-", "");
      Files.copy(packaged, copy, StandardCopyOption.REPLACE_EXISTING);
      copy.toFile().setExecutable(true);
      copy.toFile().deleteOnExit();
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + PACKAGED_BINARY, e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting redis-server", e);
    }
  }
}
