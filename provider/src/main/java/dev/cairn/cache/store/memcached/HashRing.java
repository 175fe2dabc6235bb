package dev.cairn.cache.store.memcached;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Consistent hashing of keys over servers, ketama style: each server gets 160 points on a 32-bit ring from MD5 of
 * {@code host:port-<i>}, and a key belongs to the first point at or after the MD5 of its bytes. Adding or removing a
 * server moves only the keys of its arcs; the order servers are listed in does not matter. Immutable.
 *
 * @param <N> what a point leads to
 */
final class HashRing<N> {

  private static final int POINTS_PER_SERVER = 160;

  private final TreeMap<Long, N> ring = new TreeMap<>();
  private final @Nullable N only;

  HashRing(Map<String, N> nodesByName) {
    List<N> nodes = List.copyOf(nodesByName.values());
    only = nodes.size() == 1 ? nodes.get(0) : null;
    nodesByName.forEach((name, node) -> {
      for (int i = 0; i < POINTS_PER_SERVER / 4; i++) {
        byte[] digest = md5((name + "-" + i).getBytes(StandardCharsets.UTF_8));
        for (int point = 0; point < 4; point++) {
          ring.put(point(digest, point * 4), node);
        }
      }
    });
  }

  /** The node that holds {@code key}. */
  N nodeFor(byte[] key) {
    if (only != null) {
      return only;
    }
    Map.Entry<Long, N> entry = ring.ceilingEntry(point(md5(key), 0));
    return entry == null ? ring.firstEntry().getValue() : entry.getValue();
  }

  private static long point(byte[] digest, int offset) {
    return (digest[offset + 3] & 0xFFL) << 24 | (digest[offset + 2] & 0xFFL) << 16
        | (digest[offset + 1] & 0xFFL) << 8 | (digest[offset] & 0xFFL);
  }

  private static byte[] md5(byte[] bytes) {
    try {
      return MessageDigest.getInstance("MD5").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }
}
