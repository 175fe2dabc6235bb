package dev.cairn.cache.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** Sends a signal to a test server's process ({@code kill -STOP}, {@code kill -CONT}), for freezing it in tests. */
public final class ServerSignals {

  private ServerSignals() {
  }

  /**
   * @param process the server's process, {@code null} if it is not running
   * @param server what the server is, for messages ({@code "redis-server on port 6390"})
   */
  public static void send(Process process, String signal, String server) {
    if (process == null) {
      throw new IllegalStateException(server + " is not running");
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
      throw new IllegalStateException("interrupted while signalling " + server, e);
    }
  }
}
