package dev.cairn.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The disk's own ceiling for the disk store's {@code sync=always} put: one small record written at the end of a file
 * and {@code force(false)} (fdatasync), with no cache layer, in the directory the disk store's benchmark uses. A
 * single-threaded durable put cannot beat this rate on the same disk, whatever the store does.
 *
 * <p>{@code file=growing} appends to a file that grows with each record, as the disk store's segments do (the sync
 * must also persist the new length); {@code file=preallocated} overwrites a file written full of zeros beforehand,
 * what a store that preallocates its segments would pay.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class FsyncBenchmark {

  private static final int RECORD = 128;
  private static final long PREALLOCATED = 16L << 20;

  /** {@code growing} or {@code preallocated}. */
  @Param({"growing", "preallocated"})
  public String file;

  private Path directory;
  private FileChannel channel;
  private final ByteBuffer record = ByteBuffer.allocate(RECORD);
  private long position;

  @Setup(Level.Iteration)
  public void open() throws IOException {
    directory = Files.createTempDirectory(Path.of("benchmarks", "target").toAbsolutePath(), "fsync");
    channel = FileChannel.open(directory.resolve("log"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    position = 0;
    if (file.equals("preallocated")) {
      ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
      for (long at = 0; at < PREALLOCATED; at += zeros.capacity()) {
        zeros.clear();
        channel.write(zeros, at);
      }
      channel.force(true);
    } else if (!file.equals("growing")) {
      throw new IllegalArgumentException("file must be growing or preallocated, not " + file);
    }
  }

  @Benchmark
  public long writeAndSync() throws IOException {
    if (position + RECORD > PREALLOCATED) {
      position = 0;
    }
    record.clear();
    record.putLong(0, position);
    channel.write(record, position);
    position += RECORD;
    channel.force(false);
    return position;
  }

  @TearDown(Level.Iteration)
  public void close() throws IOException {
    channel.close();
    Files.deleteIfExists(directory.resolve("log"));
    Files.deleteIfExists(directory);
  }
}
