package dev.cairn.cache.store.memcached;

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
import java.util.ArrayList;
import java.util.List;

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
public final class MemcachedServer extends ServerProcess {

  private MemcachedServer(int port) throws IOException {
    super("memcached", port, Files.createTempFile("cairn-memcached-" + port + "-", ".log"));
  }

  /**
   * Starts a server on a free port and waits until it answers.
   *
   * @throws IllegalStateException if there is no memcached binary or it does not start
   */
  public static MemcachedServer start() {
    return start(MemcachedServer::new);
  }

  /** {@code 127.0.0.1:<port>}. */
  public String address() {
    return "127.0.0.1:" + port();
  }

  /** {@code memcached://127.0.0.1:<port>}, followed by {@code ?query} if {@code query} is not empty. */
  @Override
  public URI uri(String query) {
    return URI.create("memcached://" + address() + (query.isEmpty() ? "" : "?" + query));
  }

  @Override
  protected List<String> command() {
    List<String> command = new ArrayList<>(List.of(Binary.PATH.toString(), "-p", Integer.toString(port()),
        "-l", "127.0.0.1", "-U", "0", "-m", "256", "-c", "1024"));
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("-u", "root")); // memcached refuses to run as root without being told whom to run as
    }
    return command;
  }

  /** Whether it answers the meta no-op {@code mn} with {@code MN}. */
  @Override
  protected boolean answers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port()), 200);
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

  /** Finds the binary once per JVM. */
  private static final class Binary {
    static final Path PATH = find();

    private static Path find() {
      return onPath("memcached", "install memcached 1.6 or later (Debian: apt-get install memcached); the "
          + "memcached tests start their own server and cannot run without it");
    }
  }
}
