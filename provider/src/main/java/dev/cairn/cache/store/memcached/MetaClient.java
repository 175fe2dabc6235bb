package dev.cairn.cache.store.memcached;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The meta-protocol commands Cairn uses, on the servers of one URI: each key goes to its server by
 * {@link HashRing}, keys travel as base64 ({@code b} flag) so that any bytes work, and many-key calls are pipelined
 * in quiet mode, one round trip per server.
 *
 * <p>Thread-safe. Every method throws {@link dev.cairn.cache.store.StoreException} when a server cannot be reached
 * or does not answer within the timeout.
 */
final class MetaClient implements AutoCloseable {

  /** The return flags of every read: base64 key, value, CAS, client flags. */
  private static final String READ_FLAGS = " b v c f";

  private final List<MemcachedNode> nodes = new ArrayList<>();
  private final HashRing<MemcachedNode> ring;
  private final String description;

  MetaClient(MemcachedLocation location) {
    Map<String, MemcachedNode> byName = new LinkedHashMap<>();
    for (InetSocketAddress address : location.servers()) {
      MemcachedNode node = new MemcachedNode(address, millis(location.connectTimeout()), millis(location.timeout()));
      nodes.add(node);
      byName.put(node.name(), node);
    }
    this.ring = new HashRing<>(byName);
    this.description = location.description();
  }

  String description() {
    return description;
  }

  /** {@code mg <key> b v c f}: {@code VA} with value, CAS and flags, or {@code EN}. */
  MetaReply get(byte[] key) {
    String command = "mg " + base64(key) + READ_FLAGS;
    return node(key).call(connection -> {
      connection.send(command, null);
      connection.flush();
      return connection.readReply();
    });
  }

  /**
   * {@code ms}: stores {@code data} in {@code mode} ({@code S} set, {@code E} add, {@code A} append), only if the
   * item's CAS is {@code cas} when that is not {@code 0}.
   *
   * @return {@code HD} stored, {@code NS} not stored, {@code EX} CAS mismatch, {@code NF} not found (with a CAS)
   */
  String set(byte[] key, byte[] data, int flags, long exptime, char mode, long cas) {
    String command = "ms " + base64(key) + " " + data.length + " b T" + exptime + " F" + flags + " M" + mode
        + (cas == 0 ? "" : " C" + cas);
    return node(key).call(connection -> {
      connection.send(command, data);
      connection.flush();
      return connection.readReply().status();
    });
  }

  /**
   * {@code ma}: adds {@code delta} (unsigned) to the decimal number in the item, or subtracts it when
   * {@code increment} is false (memcached stops a decrement at zero).
   *
   * @return {@code VA} with the new value as text, {@code NF} if there is no item, or {@code null} if the item's
   *     value is not a number memcached can add to
   */
  @Nullable MetaReply add(byte[] key, long delta, boolean increment) {
    String command = "ma " + base64(key) + " b v D" + Long.toUnsignedString(delta) + (increment ? " MI" : " MD");
    return node(key).call(connection -> {
      connection.send(command, null);
      connection.flush();
      try {
        return Optional.of(connection.readReply());
      } catch (MetaReply.MetaProtocolException e) {
        String message = e.getMessage();
        if (message != null && message.contains("non-numeric")) {
          // the reply line was read whole: the connection is still in step
          return Optional.<MetaReply>empty();
        }
        throw e;
      }
    }).orElse(null);
  }

  /**
   * {@code md}, only if the item's CAS is {@code cas} when that is not {@code 0}.
   *
   * @return {@code HD} deleted, {@code NF} not found, {@code EX} CAS mismatch
   */
  String delete(byte[] key, long cas) {
    String command = "md " + base64(key) + " b" + (cas == 0 ? "" : " C" + cas);
    return node(key).call(connection -> {
      connection.send(command, null);
      connection.flush();
      return connection.readReply().status();
    });
  }

  /**
   * Reads many items, pipelined per server in quiet mode ({@code mg ... q O<i>}, then {@code mn}).
   *
   * @return the hits ({@code VA} replies), by index into {@code keys}
   */
  Map<Integer, MetaReply> getMany(List<byte[]> keys) {
    Map<Integer, MetaReply> found = new HashMap<>(keys.size() * 4 / 3 + 1);
    byServer(keys).forEach((node, indexes) -> node.run(connection -> {
      for (int index : indexes) {
        connection.send("mg " + base64(keys.get(index)) + READ_FLAGS + " q O" + index, null);
      }
      connection.send("mn", null);
      connection.flush();
      for (MetaReply reply = connection.readReply(); !reply.is("MN"); reply = connection.readReply()) {
        if (reply.is("VA")) {
          found.put(reply.opaque(), reply);
        }
      }
    }));
    return found;
  }

  /** Deletes many items, pipelined per server in quiet mode ({@code md ... q}, then {@code mn}). */
  void deleteMany(List<byte[]> keys) {
    byServer(keys).forEach((node, indexes) -> node.run(connection -> {
      for (int index : indexes) {
        connection.send("md " + base64(keys.get(index)) + " b q", null);
      }
      connection.send("mn", null);
      connection.flush();
      while (!connection.readReply().is("MN")) {
        // quiet mode still reports what is not a plain success (a miss): nothing to do about either
      }
    }));
  }

  /** One {@code mn} to every server; returns the nanoseconds it took. */
  long ping() {
    long start = System.nanoTime();
    for (MemcachedNode node : nodes) {
      node.call(connection -> {
        connection.send("mn", null);
        connection.flush();
        return connection.readReply();
      });
    }
    return System.nanoTime() - start;
  }

  private Map<MemcachedNode, List<Integer>> byServer(List<byte[]> keys) {
    if (nodes.size() == 1) {
      List<Integer> all = new ArrayList<>(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        all.add(i);
      }
      return Map.of(nodes.get(0), all);
    }
    Map<MemcachedNode, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      groups.computeIfAbsent(node(keys.get(i)), node -> new ArrayList<>()).add(i);
    }
    return groups;
  }

  private MemcachedNode node(byte[] key) {
    return ring.nodeFor(key);
  }

  private static String base64(byte[] key) {
    return Base64.getEncoder().encodeToString(key);
  }

  private static int millis(java.time.Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
  }

  @Override
  public void close() {
    nodes.forEach(MemcachedNode::close);
  }
}
