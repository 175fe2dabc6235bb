package dev.cairn.cache.store.memcached;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * The meta-protocol commands Cairn uses, on the servers of one URI: each key goes to its server by
 * {@link HashRing}, keys travel as base64 ({@code b} flag) so that any bytes work, and many-key calls are pipelined
 * in quiet mode, to all their servers at once.
 *
 * <p>Thread-safe. Every method throws {@link dev.cairn.cache.store.StoreException} when a server cannot be reached
 * or does not answer within the timeout.
 */
final class MetaClient implements AutoCloseable {

  /** The return flags of every read: base64 key, value, CAS, client flags. */
  private static final String READ_FLAGS = " b v c f";

  /** The most commands one pipelined batch sends before it reads their replies. */
  private static final int BATCH = 256;

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
    return node(key).call(connection -> {
      connection.command("mg", key).flags(READ_FLAGS).end();
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
    Write write = new Write(key, data, flags, exptime, mode, cas);
    return node(key).call(connection -> {
      write.send(connection, false, 0);
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
    return node(key).call(connection -> {
      connection.command("ma", key).flags(" b v").flag('D', delta).flags(increment ? " MI" : " MD").end();
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
    Write write = Write.delete(key, cas);
    return node(key).call(connection -> {
      write.send(connection, false, 0);
      connection.flush();
      return connection.readReply().status();
    });
  }

  /**
   * Reads many items, pipelined per server in quiet mode ({@code mg ... q O<i>}, then {@code mn}).
   *
   * @return the hits ({@code VA} replies) at the index of their key, {@code null} for a miss
   */
  @Nullable MetaReply[] getMany(List<byte[]> keys) {
    @Nullable MetaReply[] found = new MetaReply[keys.size()];
    pipelined(keys.size(), keys::get, (connection, index) ->
        connection.command("mg", keys.get(index)).flags(READ_FLAGS).flags(" q").flag('O', index).end(),
        reply -> {
          if (reply.is("VA")) {
            found[reply.opaque()] = reply;
          }
        });
    return found;
  }

  /** Deletes many items, pipelined per server in quiet mode ({@code md ... q}, then {@code mn}). */
  void deleteMany(List<byte[]> keys) {
    pipelined(keys.size(), keys::get, (connection, index) -> connection.command("md", keys.get(index))
        .flags(" b q").end(), reply -> {
          // quiet mode still reports what is not a plain success (a miss): nothing to do about either
        });
  }

  /**
   * One {@code ms} or {@code md}: what {@link #writeMany} sends. {@code data} is {@code null} for a delete.
   */
  record Write(byte[] key, byte @Nullable [] data, int flags, long exptime, char mode, long cas) {

    static Write delete(byte[] key, long cas) {
      return new Write(key, null, 0, 0, 'S', cas);
    }

    Write withMode(char otherMode) {
      return new Write(key, data, flags, exptime, otherMode, cas);
    }

    void send(MetaConnection connection, boolean quiet, int opaque) throws IOException {
      byte[] value = data;
      if (value == null) {
        connection.command("md", key).flags(" b");
      } else {
        connection.command("ms", key).number(value.length).flags(" b").flag('T', exptime).flag('F', flags)
            .token('M', mode);
      }
      if (cas != 0) {
        connection.flag('C', cas);
      }
      if (quiet) {
        connection.flags(" q").flag('O', opaque);
      }
      if (value == null) {
        connection.end();
      } else {
        connection.end(value);
      }
    }
  }

  /**
   * Sends many writes, pipelined per server in quiet mode, so that only what did not succeed is answered.
   *
   * @return the status of each write that did not succeed ({@code NS}, {@code EX}, {@code NF}), by index into
   *     {@code writes}; empty when all did
   */
  Map<Integer, String> writeMany(List<Write> writes) {
    Map<Integer, String> failed = new HashMap<>();
    pipelined(writes.size(), index -> writes.get(index).key(),
        (connection, index) -> writes.get(index).send(connection, true, index),
        reply -> failed.put(reply.opaque(), reply.status()));
    return failed;
  }

  /** One pipelined command of a batch: the one for the key at {@code index}. */
  @FunctionalInterface
  private interface Command {
    void send(MetaConnection connection, int index) throws IOException;
  }

  /** What a batch does with each reply other than the closing {@code MN}. */
  @FunctionalInterface
  private interface ReplyHandler {
    void accept(MetaReply reply) throws IOException;
  }

  /**
   * Sends {@code count} quiet commands in batches of at most {@link #BATCH} per server, each batch closed by
   * {@code mn} and its replies read before the next is sent: a bounded batch cannot fill both directions of the
   * connection and stall, as an unbounded one could. Each server's batch is sent before any reply is read, so
   * several servers work at the same time: one round trip per batch, not one per batch and server.
   */
  private void pipelined(int count, IntFunction<byte[]> keyOf, Command command, ReplyHandler handler) {
    if (count == 0) {
      return;
    }
    Map<MemcachedNode, List<Integer>> groups = byServer(count, keyOf);
    List<Leg> legs = new ArrayList<>(groups.size());
    MemcachedNode current = groups.keySet().iterator().next();
    try {
      for (Map.Entry<MemcachedNode, List<Integer>> group : groups.entrySet()) {
        current = group.getKey();
        legs.add(new Leg(current, group.getValue(), current.borrow()));
      }
      for (int from = 0; ; from += BATCH) {
        boolean sent = false;
        for (Leg leg : legs) {
          if (from < leg.indexes().size()) {
            current = leg.node();
            send(leg.connection(), leg.indexes(), from, command);
            sent = true;
          }
        }
        if (!sent) {
          break;
        }
        for (Leg leg : legs) {
          if (from < leg.indexes().size()) {
            current = leg.node();
            read(leg.connection(), handler);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // every connection may be out of step: none goes back to its pool
      legs.forEach(leg -> leg.connection().close());
      throw current.failure(e);
    }
    legs.forEach(leg -> leg.node().giveBack(leg.connection()));
  }

  /** One server's part of a pipelined call: its commands' indexes, on a connection borrowed from it. */
  private record Leg(MemcachedNode node, List<Integer> indexes, MetaConnection connection) {
  }

  /** One batch: the commands for {@code indexes[from, from + BATCH)}, then {@code mn}, sent. */
  private static void send(MetaConnection connection, List<Integer> indexes, int from, Command command)
      throws IOException {
    int to = Math.min(indexes.size(), from + BATCH);
    for (int i = from; i < to; i++) {
      command.send(connection, indexes.get(i));
    }
    connection.command("mn").end();
    connection.flush();
  }

  /** The replies of one batch, up to its {@code MN}. */
  private static void read(MetaConnection connection, ReplyHandler handler) throws IOException {
    for (MetaReply reply = connection.readReply(); !reply.is("MN"); reply = connection.readReply()) {
      handler.accept(reply);
    }
  }

  /**
   * How many exchanges were started on all servers: a single command's, or a pipelined call's on one server, whose
   * batches of {@link #BATCH} commands are one round trip each. For tests and diagnostics.
   */
  long exchanges() {
    return nodes.stream().mapToLong(MemcachedNode::exchanges).sum();
  }

  /** One {@code mn} to every server; returns the nanoseconds it took. */
  long ping() {
    long start = System.nanoTime();
    for (MemcachedNode node : nodes) {
      node.call(connection -> {
        connection.command("mn").end();
        connection.flush();
        return connection.readReply();
      });
    }
    return System.nanoTime() - start;
  }

  private Map<MemcachedNode, List<Integer>> byServer(int count, IntFunction<byte[]> keyOf) {
    if (nodes.size() == 1) {
      List<Integer> all = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        all.add(i);
      }
      return Map.of(nodes.get(0), all);
    }
    Map<MemcachedNode, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      groups.computeIfAbsent(node(keyOf.apply(i)), node -> new ArrayList<>()).add(i);
    }
    return groups;
  }

  private MemcachedNode node(byte[] key) {
    return ring.nodeFor(key);
  }

  private static int millis(java.time.Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
  }

  @Override
  public void close() {
    nodes.forEach(MemcachedNode::close);
  }
}
