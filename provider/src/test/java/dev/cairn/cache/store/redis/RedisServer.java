package dev.cairn.cache.store.redis;

import dev.cairn.cache.store.ServerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A private {@code redis-server} child process for tests: on a free loopback port, with no persistence, in a
 * temporary directory; never the machine's shared server on 6379. {@link #stop()} and {@link #restart()} simulate an
 * outage on the same port; {@link #close()} ends the process for good (see {@link ServerProcess}).
 *
 * <p>The binary is {@code redis-server} from the {@code PATH}; without one, on Linux x86-64, the Redis 6.2 binary
 * bundled in the {@code com.github.codemonstur:embedded-redis} test dependency, extracted once per JVM.
 *
 * <p>Also used by the TCK runner, through the provider's test jar. Thread-safe.
 */
public final class RedisServer extends ServerProcess {

  private static final String BUNDLED_BINARY = "redis-server-6.2.6-v5-linux-amd64";

  private final Path directory;
  private final List<String> extraArguments;
  private final String sentinelConfig;

  private RedisServer(int port, Path directory, List<String> extraArguments, String sentinelConfig) {
    super("redis-server", port, directory.resolve("redis.log"));
    this.directory = directory;
    this.extraArguments = List.copyOf(extraArguments);
    this.sentinelConfig = sentinelConfig;
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
    return start(port -> new RedisServer(port, Files.createTempDirectory("cairn-redis-"), extraArguments,
        sentinelConfig));
  }

  /** {@code redis://127.0.0.1:<port>}, followed by {@code ?query} if {@code query} is not empty. */
  @Override
  public URI uri(String query) {
    return URI.create("redis://127.0.0.1:" + port() + (query.isEmpty() ? "" : "?" + query));
  }

  @Override
  protected List<String> command() {
    List<String> command = new ArrayList<>(List.of(Binary.PATH.toString()));
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
        "--port", Integer.toString(port()), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--daemonize", "no", "--dir", directory.toString(), "--logfile", ""));
    command.addAll(extraArguments);
    return command;
  }

  /** Whether it answers {@code PING} with {@code +PONG}. */
  @Override
  protected boolean answers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port()), 200);
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

  /** The whole temporary directory. */
  @Override
  protected void deleteFiles() throws IOException {
    try (var files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(directory);
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
