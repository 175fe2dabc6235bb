package dev.cairn.cache.store.redis;

import dev.cairn.cache.store.ServerSignals;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code redis-server} child process for tests: on a free loopback port, with no persistence, in a
 * temporary directory; never the machine's shared server on 6379. {@link #stop()} and {@link #restart()} simulate an
 * outage on the same port; {@link #close()} ends the process for good (a shutdown hook does it if a test forgets).
 *
 * <p>The binary is {@code redis-server} from the {@code PATH}; without one, on Linux x86-64, the Redis 6.2 binary
 * bundled in the {@code com.github.codemonstur:embedded-redis} test dependency, extracted once per JVM.
 *
 * <p>Also used by the TCK runner, through the provider's test jar. Thread-safe.
 */
public final class RedisServer implements AutoCloseable {

  private static final String BUNDLED_BINARY = "redis-server-6.2.6-v5-linux-amd64";
  private static final long START_TIMEOUT_MILLIS = 10_000;

  private final Path directory;
  private final Thread shutdownHook;
  private final int port;
  private final List<String> extraArguments;
  private final String sentinelConfig;
  private Process process;

  private RedisServer(int port, List<String> extraArguments, String sentinelConfig) throws IOException {
    this.port = port;
    this.extraArguments = List.copyOf(extraArguments);
    this.sentinelConfig = sentinelConfig;
    this.directory = Files.createTempDirectory("cairn-redis-");
    this.shutdownHook = new Thread(this::kill, "redis-server-" + port + "-killer");
  }

  /**
   * Starts a server on a free port and waits until it answers {@code PING}.
   *
   * @throws IllegalStateException if no redis-server binary can be found or it does not start
   */
  public static RedisServer start() {
    return start(List.of());
  }

  /**
   * Starts a server with extra {@code redis-server} arguments, such as {@code --cluster-enabled yes}.
   *
   * @throws IllegalStateException if no redis-server binary can be found or it does not start
   */
  public static RedisServer start(List<String> extraArguments) {
    return start(extraArguments, null);
  }

  /**
   * Starts a Sentinel (redis-server in sentinel mode) that watches the master at {@code masterPort} under
   * {@code masterName}, alone (quorum 1), deciding it is down after one second.
   */
  public static RedisServer startSentinel(String masterName, int masterPort) {
    return start(List.of(), String.join("\n",
        "sentinel monitor " + masterName + " 127.0.0.1 " + masterPort + " 1",
        "sentinel down-after-milliseconds " + masterName + " 1000",
        "sentinel failover-timeout " + masterName + " 5000", ""));
  }

  private static RedisServer start(List<String> extraArguments, String sentinelConfig) {
    IllegalStateException lastFailure = null;
    // a free port can be taken by someone else between choosing it and redis binding it: try a few
    for (int attempt = 0; attempt < 3; attempt++) {
      RedisServer server;
      try {
        server = new RedisServer(freePort(), extraArguments, sentinelConfig);
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

  /** {@code redis://127.0.0.1:<port>}, followed by {@code ?query} if {@code query} is not empty. */
  public URI uri(String query) {
    return URI.create("redis://127.0.0.1:" + port + (query.isEmpty() ? "" : "?" + query));
  }

  /** Kills the server, as a crash would; the port stays reserved for {@link #restart()} as far as we can tell. */
  public synchronized void stop() {
    kill();
  }

  /** Starts the server again on the same port, empty. */
  public synchronized void restart() {
    kill();
    launch();
  }

  /**
   * Freezes the server process ({@code kill -STOP}): its connections stay open, and nothing is answered until
   * {@link #thaw()}.
   */
  public synchronized void freeze() {
    signal("STOP");
  }

  /** Lets a {@link #freeze() frozen} server run again ({@code kill -CONT}); it then answers what was sent meanwhile. */
  public synchronized void thaw() {
    signal("CONT");
  }

  private void signal(String name) {
    ServerSignals.send(process, name, "redis-server on port " + port);
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
    try (var files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // a leftover temporary directory is harmless and not worth failing a test for
    }
  }

  private synchronized void launch() {
    Path log = directory.resolve("redis.log");
    List<String> command = new ArrayList<>(List.of(binary().toString()));
    if (sentinelConfig != null) {
      // a sentinel rewrites its configuration file as it learns: it must be a file of its own
      Path config = directory.resolve("sentinel.conf");
      try {
        Files.writeString(config, sentinelConfig);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      command.addAll(List.of(config.toString(), "--sentinel"));
    }
    command.addAll(List.of(
        "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--daemonize", "no", "--dir", directory.toString(), "--logfile", ""));
    command.addAll(extraArguments);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + binary() + ": " + e.getMessage(), e);
    }
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server on port " + port + " exited: " + readLog(log));
      }
      if (answersPing()) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting redis-server", e);
      }
    }
    throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
        + START_TIMEOUT_MILLIS + " ms: " + readLog(log));
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

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
      return "+PONG".equals(reply);
    } catch (IOException e) {
      return false;
    }
  }

  private static String readLog(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static Path binary() {
    return Binary.PATH;
  }

  /** Finds the binary once per JVM. */
  private static final class Binary {
    static final Path PATH = find();

    private static Path find() {
      String searchPath = System.getenv("PATH");
      if (searchPath != null) {
        for (String directory : searchPath.split(java.io.File.pathSeparator)) {
          Path candidate = Path.of(directory, "redis-server");
          if (Files.isExecutable(candidate)) {
            return candidate;
          }
        }
      }
      String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
      String arch = System.getProperty("os.arch", "");
      if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
        try (InputStream bundled = RedisServer.class.getClassLoader().getResourceAsStream(BUNDLED_BINARY)) {
          if (bundled != null) {
            Path extracted = Files.createTempFile("cairn-redis-server-", "");
            Files.copy(bundled, extracted, StandardCopyOption.REPLACE_EXISTING);
            extracted.toFile().setExecutable(true);
            extracted.toFile().deleteOnExit();
            return extracted;
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot extract the bundled redis-server", e);
        }
      }
      throw new IllegalStateException("no redis-server: install Redis 6.2 or later (Debian: apt-get install "
          + "redis-server) so that redis-server is on the PATH; the bundled fallback only exists for Linux x86-64");
    }
  }
}
