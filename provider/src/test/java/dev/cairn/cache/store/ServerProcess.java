package dev.cairn.cache.store;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private server child process for tests (redis-server, memcached), on a free loopback port: started and waited
 * for, killed and restarted on the same port ({@link #stop()}, {@link #restart()}), frozen and thawed
 * ({@code kill -STOP}/{@code -CONT}), and ended for good by {@link #close()} (a shutdown hook does it if a test
 * forgets). A subclass says how to run its server and how to tell it answers.
 *
 * <p>Thread-safe.
 */
public abstract class ServerProcess implements AutoCloseable {

  private static final long START_TIMEOUT_MILLIS = 10_000;

  private final String name;
  private final int port;
  private final Path log;
  private final Thread shutdownHook;
  private Process process;

  /**
   * @param name what the server is, for messages ({@code "redis-server"})
   * @param log where the process's output goes
   */
  protected ServerProcess(String name, int port, Path log) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.shutdownHook = new Thread(this::kill, name + "-" + port + "-killer");
  }

  /** The command line that runs the server on {@link #port()}. */
  protected abstract List<String> command();

  /** Whether the server answers on its port now. */
  protected abstract boolean answers();

  /** The server's URI with Cairn query parameters, or none for {@code ""}. */
  public abstract URI uri(String query);

  /**
   * A server that is started and answers; a free port can be taken between choosing it and binding it, so a few
   * tries.
   */
  protected static <S extends ServerProcess> S start(Launcher<S> launcher) {
    IllegalStateException lastFailure = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      S server;
      try {
        server = launcher.create(freePort());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ServerProcess started = server;
      try {
        started.launch();
        Runtime.getRuntime().addShutdownHook(started.shutdownHook);
        return server;
      } catch (IllegalStateException e) {
        started.kill();
        lastFailure = e;
      }
    }
    throw lastFailure;
  }

  /** Makes a server object for a port, not yet running. */
  protected interface Launcher<S> {
    S create(int port) throws IOException;
  }

  public int port() {
    return port;
  }

  /** Kills the server, as a crash would; {@link #restart()} brings it back on the same port. */
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

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Ends the process for good and deletes what it left ({@link #deleteFiles()}). */
  @Override
  public synchronized void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down, and the hook is running or has run
    }
    try {
      deleteFiles();
    } catch (IOException e) {
      // leftover temporary files are harmless and not worth failing a test for
    }
  }

  /** Deletes the files the server left; by default its log. */
  protected void deleteFiles() throws IOException {
    Files.deleteIfExists(log);
  }

  private synchronized void launch() {
    try {
      process = new ProcessBuilder(command()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + name + ": " + e.getMessage(), e);
    }
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " on port " + port + " exited: " + readLog());
      }
      if (answers()) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting " + name, e);
      }
    }
    throw new IllegalStateException(name + " on port " + port + " did not answer within " + START_TIMEOUT_MILLIS
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

  private void signal(String signal) {
    if (process == null) {
      throw new IllegalStateException(name + " on port " + port + " is not running");
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + name, e);
    }
  }

  private String readLog() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * The executable {@code name} from the {@code PATH}, then {@code /usr/bin} and {@code /usr/local/bin}.
   *
   * @param missing what to tell a developer who has none: how to install it
   * @throws IllegalStateException with {@code missing} if there is none: tests never skip
   */
  protected static Path onPath(String name, String missing) {
    String searchPath = System.getenv("PATH");
    List<String> directories = new ArrayList<>(List.of("/usr/bin", "/usr/local/bin"));
    if (searchPath != null) {
      directories.addAll(0, List.of(searchPath.split(File.pathSeparator)));
    }
    for (String directory : directories) {
      Path candidate = Path.of(directory, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no " + name + " binary on the PATH: " + missing);
  }

  /** A free loopback port, never a default server port (6379, 11211) that the machine's own servers may use. */
  private static int freePort() throws IOException {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = socket.getLocalPort();
        if (port != 6379 && port != 11211) {
          return port;
        }
      }
    }
  }
}
