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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server that a benchmark trial or the probe starts for itself, on a free loopback port, never the machine's own
 * server: {@link #redis()} without persistence, the binary {@code redis-server} from the {@code PATH} or else the
 * Linux x86-64 binary inside the {@code embedded-redis} artifact (the provider's tests use the same two sources);
 * {@link #memcached()}, {@code memcached} from the {@code PATH} (Debian: {@code apt-get install memcached});
 * {@link #hazelcast()}, a {@link HazelcastMember} in a JVM of its own, from this JVM's class path.
 *
 * <p>Not thread-safe: one trial starts it and closes it.
 */
final class ServerProcess implements AutoCloseable {

  private static final String PACKAGED_BINARY = "redis-server-6.2.6-v5-linux-amd64";

  private final Process process;
  private final String scheme;
  private final int port;
  private final Thread killer;

  private ServerProcess(Process process, String scheme, int port) {
    this.process = process;
    this.scheme = scheme;
    this.port = port;
    this.killer = new Thread(process::destroyForcibly, scheme + "-" + port + "-killer");
    Runtime.getRuntime().addShutdownHook(killer);
  }

  /** Starts a redis-server and returns once it accepts connections. */
  static ServerProcess redis() {
    int port = freePort();
    return start("redis", port, List.of(binary().toString(), "--port", Integer.toString(port), "--bind",
        "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", ""));
  }

  /** Starts a memcached (256 MiB, 1,024 connections) and returns once it accepts connections. */
  static ServerProcess memcached() {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of("memcached", "-p", Integer.toString(port), "-l", "127.0.0.1",
        "-U", "0", "-m", "256", "-c", "1024"));
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("-u", "root")); // memcached refuses to run as root without being told whom to run as
    }
    return start("memcached", port, command);
  }

  /** Starts a Hazelcast member JVM (1 GiB heap) and returns once it accepts connections. */
  static ServerProcess hazelcast() {
    int port = freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return start("hazelcast", port, List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
        HazelcastMember.class.getName(), Integer.toString(port)));
  }

  /** Starts a dynalite (DynamoDB's API, in memory) from the PATH and returns once it accepts connections. */
  static ServerProcess dynalite() {
    int port = freePort();
    return start("dynamodb", port, List.of("dynalite", "--port", Integer.toString(port), "--host", "127.0.0.1",
        "--createTableMs", "0"));
  }

  private static ServerProcess start(String scheme, int port, List<String> command) {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    }
    ServerProcess server = new ServerProcess(process, scheme, port);
    // a member JVM takes seconds to start on a loaded machine; a native server, milliseconds
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(command.get(0) + " exited with status " + process.exitValue());
      }
      try {
        new Socket(InetAddress.getLoopbackAddress(), port).close();
        return server;
      } catch (IOException notYet) {
        sleepBriefly();
      }
    }
    server.close();
    throw new IllegalStateException(command.get(0) + " on port " + port + " did not accept connections in 60 s");
  }

  int port() {
    return port;
  }

  /**
   * {@code <scheme>://127.0.0.1:<port>}: {@code redis}, {@code memcached} or {@code hazelcast}; for dynalite
   * {@code dynamodb://cairn-bench?endpoint=http://127.0.0.1:<port>}.
   */
  String uri() {
    if (scheme.equals("dynamodb")) {
      return "dynamodb://cairn-bench?endpoint=http://127.0.0.1:" + port;
    }
    return scheme + "://127.0.0.1:" + port;
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
        .orElseGet(ServerProcess::packagedBinary);
  }

  private static Path packagedBinary() {
    try (InputStream packaged = ServerProcess.class.getClassLoader().getResourceAsStream(PACKAGED_BINARY)) {
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
      throw new IllegalStateException("interrupted while starting a server", e);
    }
  }
}
