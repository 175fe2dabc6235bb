package dev.cairn.cache.store.dynamodb;

import dev.cairn.cache.store.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private {@code dynalite} child process for tests (DynamoDB's API on LevelDB), on a free loopback port, its data
 * in a temporary directory so that it survives {@link #stop()} and {@link #restart()} as a real table would;
 * {@link #close()} ends the process for good and deletes the directory (a shutdown hook kills it if a test forgets).
 *
 * <p>The binary is {@code dynalite} 4.0.0 from the {@code PATH} ({@code npm install -g dynalite@4.0.0}; the CI script
 * installs it). Without one, {@link #start()} fails with a message saying so: tests never skip.
 *
 * <p>Also used by the extensions and the TCK runner, through this module's test jar. Thread-safe.
 */
public final class DynaliteServer extends ServerProcess {

  /** The table the tests' URIs name. */
  public static final String TABLE = "cairn-test";

  private final Path data;

  private DynaliteServer(int port) throws IOException {
    super("dynalite", port, Files.createTempFile("cairn-dynalite-" + port + "-", ".log"));
    this.data = Files.createTempDirectory("cairn-dynalite-" + port + "-");
  }

  /**
   * Starts a server on a free port and waits until it answers.
   *
   * @throws IllegalStateException if there is no dynalite binary or it does not start
   */
  public static DynaliteServer start() {
    return start(DynaliteServer::new);
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** {@code dynamodb://cairn-test?endpoint=http://127.0.0.1:<port>}, followed by {@code &query} if not empty. */
  @Override
  public URI uri(String query) {
    return URI.create("dynamodb://" + TABLE + "?endpoint=" + endpoint() + (query.isEmpty() ? "" : "&" + query));
  }

  @Override
  protected List<String> command() {
    return List.of(Binary.PATH.toString(), "--port", Integer.toString(port()), "--host", "127.0.0.1", "--path",
        data.toString(), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0");
  }

  /** Whether it answers an HTTP request (with DynamoDB's error for a request that names no operation). */
  @Override
  protected boolean answers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port()), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readNBytes(5), StandardCharsets.US_ASCII).equals("HTTP/");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  protected void deleteFiles() throws IOException {
    super.deleteFiles();
    try (Stream<Path> files = Files.walk(data)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** Finds the binary once per JVM. */
  private static final class Binary {
    static final Path PATH = find();

    private static Path find() {
      return onPath("dynalite", "install it with npm install -g dynalite@4.0.0 (Node.js 20); the DynamoDB tests "
          + "start their own server and cannot run without it");
    }
  }
}
