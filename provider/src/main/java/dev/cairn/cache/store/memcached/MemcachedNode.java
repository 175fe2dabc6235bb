package dev.cairn.cache.store.memcached;

import dev.cairn.cache.store.StoreException;
import dev.cairn.cache.store.StoreUnavailableException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.LongAdder;

/**
 * One memcached server and a pool of idle {@link MetaConnection}s to it. A caller borrows a connection for one
 * exchange (one command, or one pipelined batch) and gives it back; a connection that failed is closed instead, so
 * that after an outage the next call connects afresh and the store recovers by itself.
 *
 * <p>The pool has no upper bound: it holds at most as many connections as threads used the server at once.
 * Thread-safe.
 */
final class MemcachedNode implements AutoCloseable {

  /** One request-reply exchange on a borrowed connection. */
  @FunctionalInterface
  interface Exchange<T> {
    T run(MetaConnection connection) throws IOException;
  }

  private final InetSocketAddress address;
  private final int connectTimeoutMillis;
  private final int timeoutMillis;
  private final ConcurrentLinkedDeque<MetaConnection> idle = new ConcurrentLinkedDeque<>();
  private final LongAdder exchanges = new LongAdder();
  private volatile boolean closed;

  MemcachedNode(InetSocketAddress address, int connectTimeoutMillis, int timeoutMillis) {
    this.address = address;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.timeoutMillis = timeoutMillis;
  }

  /** {@code host:port}, for messages and the hash ring. */
  String name() {
    return address.getHostString() + ":" + address.getPort();
  }

  /**
   * Runs {@code exchange} on a pooled connection.
   *
   * @throws StoreException if connecting or the exchange fails, or the server does not answer within the timeout
   */
  <T> T call(Exchange<T> exchange) {
    MetaConnection connection = null;
    try {
      connection = borrow();
      T result = exchange.run(connection);
      giveBack(connection);
      return result;
    } catch (IOException | RuntimeException e) {
      if (connection != null) {
        connection.close();
      }
      throw failure(e);
    }
  }

  /**
   * A pooled connection, or a new one, for an exchange the caller drives itself (one spread over several servers);
   * the caller gives it back with {@link #giveBack}, or closes it if the exchange failed.
   */
  MetaConnection borrow() throws IOException {
    if (closed) {
      throw new IllegalStateException("the memcached connections to " + name() + " are closed");
    }
    exchanges.increment();
    MetaConnection connection = idle.pollFirst();
    return connection != null ? connection : MetaConnection.open(address, connectTimeoutMillis, timeoutMillis);
  }

  /** Returns a connection whose exchange completed, so the next exchange reuses it. */
  void giveBack(MetaConnection connection) {
    idle.offerFirst(connection);
    if (closed) {
      drain();
    }
  }

  /**
   * A {@link StoreUnavailableException} when the path to the server failed (it could not be reached, dropped the
   * connection or did not answer in time), so that the circuit breaker counts it; a plain {@link StoreException}
   * for an error the server answered with, which says nothing about its health. Other runtime exceptions (a bug, a
   * closed client) are returned as they are.
   */
  RuntimeException failure(Exception e) {
    if (e instanceof RuntimeException runtime && !(e instanceof NumberFormatException)) {
      return runtime;
    }
    if (e instanceof SocketTimeoutException) {
      return new StoreUnavailableException("memcached server " + name() + " did not answer within " + timeoutMillis
          + " ms", e);
    }
    if (e instanceof MetaReply.MetaProtocolException) {
      return new StoreException("memcached server " + name() + ": " + e.getMessage(), e);
    }
    return new StoreUnavailableException("memcached server " + name() + " is unreachable: " + e, e);
  }

  /** How many exchanges were started on this server: round trips, for tests and diagnostics. */
  long exchanges() {
    return exchanges.sum();
  }

  @Override
  public void close() {
    closed = true;
    drain();
  }

  private void drain() {
    MetaConnection connection;
    while ((connection = idle.pollFirst()) != null) {
      connection.close();
    }
  }
}
