package dev.cairn.cache.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM for the multi-process tests: runs a worker's {@code main} on this test's class path, waits until it
 * prints {@code ready}, runs this JVM's share meanwhile, and expects the worker to exit with 0.
 */
public final class WorkerJvm {

  /** This JVM's share of the work. */
  @FunctionalInterface
  public interface Work {
    void run() throws Exception;
  }

  private WorkerJvm() {
  }

  /**
   * @param worker the class whose {@code main} the other JVM runs, with {@code argument}
   * @param atMost how long the worker may take
   */
  public static void runBeside(Class<?> worker, String argument, Work here, long atMostSeconds) throws Exception {
    Path log = Files.createTempFile("cairn-worker", ".log");
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), worker.getName(), argument)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!Files.readString(log).contains("ready")) {
        assertThat(process.isAlive()).as("the worker JVM: " + Files.readString(log)).isTrue();
        assertThat(System.nanoTime()).as("the worker JVM did not start").isLessThan(deadline);
        Thread.sleep(20);
      }
      here.run();
      assertThat(process.waitFor(atMostSeconds, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(Files.readString(log)).isZero();
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }
}
