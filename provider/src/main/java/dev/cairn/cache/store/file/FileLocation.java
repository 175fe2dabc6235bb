package dev.cairn.cache.store.file;

import dev.cairn.cache.config.ByteSize;
import dev.cairn.cache.store.Durations;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import javax.cache.CacheException;

/**
 * Where a disk store keeps its data and how it syncs, read from a {@code CacheManager} URI:
 * {@code disk:/var/cache/app}, {@code disk:relative/dir} (against the working directory) or
 * {@code disk:///var/cache/app}, with optional query parameters:
 * <ul>
 *   <li>{@code sync}: {@code always} (default), {@code interval} or {@code none}, see {@link SyncMode};</li>
 *   <li>{@code syncInterval}: how often {@code interval} mode syncs, default {@code 100ms};</li>
 *   <li>{@code segmentSize}: the size at which a segment file is sealed and a new one started, default
 *       {@code 64m} (a number of bytes with an optional {@code k}, {@code m} or {@code g}; 1k to 1g);</li>
 *   <li>{@code maxBytes}: the bound on the bytes of each cache's live records, for the caches of this manager that
 *       set none of their own ({@code CairnConfiguration#setMaximumBytes}, {@code maxBytes} in a document); a
 *       size with a unit ({@code 512m}, see {@link ByteSize}), default {@code 0}: unbounded.</li>
 * </ul>
 *
 * @param directory the directory, absolute
 * @param syncMode when writes are synced
 * @param syncInterval the period of {@link SyncMode#INTERVAL}
 * @param segmentSize the segment size in bytes
 * @param maxBytes the default byte bound of this manager's caches, {@code 0} for none
 */
record FileLocation(Path directory, SyncMode syncMode, Duration syncInterval, long segmentSize, long maxBytes) {

  static final String SCHEME = "disk";
  static final long DEFAULT_SEGMENT_SIZE = 64L << 20;
  static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofMillis(100);

  /**
   * Reads a manager URI.
   *
   * @throws CacheException if it names no directory or a parameter is unknown or invalid
   */
  static FileLocation parse(URI uri) {
    String raw = uri.getRawSchemeSpecificPart();
    int question = raw.indexOf('?');
    String path = decode(question < 0 ? raw : raw.substring(0, question));
    if (path.startsWith("//")) {
      path = path.substring(2);
      if (!path.startsWith("/")) {
        throw new CacheException("disk URI " + uri + " names a host; use disk:/absolute/path or disk:relative/path");
      }
    }
    if (path.isBlank()) {
      throw new CacheException("disk URI " + uri + " names no directory; use disk:/absolute/path or disk:relative/path");
    }
    SyncMode syncMode = SyncMode.ALWAYS;
    Duration syncInterval = DEFAULT_SYNC_INTERVAL;
    long segmentSize = DEFAULT_SEGMENT_SIZE;
    long maxBytes = 0;
    if (question >= 0) {
      for (String parameter : raw.substring(question + 1).split("&")) {
        if (parameter.isEmpty()) {
          continue;
        }
        int equals = parameter.indexOf('=');
        String name = equals < 0 ? parameter : parameter.substring(0, equals);
        String value = equals < 0 ? "" : decode(parameter.substring(equals + 1));
        try {
          switch (name) {
            case "sync" -> syncMode = SyncMode.parse(value);
            case "syncInterval" -> syncInterval = Durations.parsePositive(value);
            case "segmentSize" -> segmentSize = size(value);
            case "maxBytes" -> maxBytes = ByteSize.parse(value).bytes();
            default -> throw new CacheException("disk URI " + uri + ": unknown parameter '" + name
                + "' (known: sync, syncInterval, segmentSize, maxBytes)");
          }
        } catch (IllegalArgumentException e) {
          throw new CacheException("disk URI " + uri + ": invalid " + name + " '" + value + "' (sync is always, "
              + "interval or none; syncInterval a duration such as 100ms or 1s; segmentSize 1k to 1g; maxBytes a size with a "
              + "unit, k, m or g, such as 512m)", e);
        }
      }
    }
    return new FileLocation(Path.of(path).toAbsolutePath().normalize(), syncMode, syncInterval, segmentSize,
        maxBytes);
  }

  /**
   * The settings besides the directory, as URI parameters ({@code syncInterval} only in {@code interval} mode, where
   * it matters): what all managers that share the directory in one JVM must agree on. Not {@code maxBytes}, a
   * default for each manager's own caches.
   */
  String settings() {
    return "sync=" + syncMode.name().toLowerCase(Locale.ROOT)
        + (syncMode == SyncMode.INTERVAL ? "&syncInterval=" + syncInterval.toMillis() + "ms" : "")
        + "&segmentSize=" + segmentSize;
  }

  private static long size(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    int shift = switch (value.isEmpty() ? ' ' : value.charAt(value.length() - 1)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      default -> 0;
    };
    long size = Long.parseLong(shift == 0 ? value : value.substring(0, value.length() - 1)) << shift;
    if (size < 1024 || size > 1L << 30) {
      throw new IllegalArgumentException("segment size out of range: " + text);
    }
    return size;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
