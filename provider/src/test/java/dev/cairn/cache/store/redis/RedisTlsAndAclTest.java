package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cache.CairnCachingProvider;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code rediss://} against a real redis-server serving TLS with a certificate from a test authority made here,
 * and Redis 6 ACL users: the right user over TLS works, an untrusted server and a wrong password are refused with
 * a {@code CacheException} that does not leak the password, and a user without write rights cannot write.
 */
class RedisTlsAndAclTest {

  private static Path directory;
  private static TestCertificates trusted;
  private static TestCertificates stranger;
  private static RedisServer server;
  private static int tlsPort;

  private final CairnCachingProvider provider = new CairnCachingProvider();

  @BeforeAll
  static void startTlsServer() throws Exception {
    directory = Files.createTempDirectory("cairn-tls-");
    trusted = TestCertificates.create(directory, "trusted");
    stranger = TestCertificates.create(directory, "stranger");
    tlsPort = freePort();
    server = RedisServer.start(List.of(
        "--tls-port", Integer.toString(tlsPort),
        "--tls-cert-file", trusted.serverCertificate().toString(),
        "--tls-key-file", trusted.serverKey().toString(),
        "--tls-ca-cert-file", trusted.caCertificate().toString(),
        "--tls-auth-clients", "no",
        "--user", "cairn", "on", ">s3cret-pass", "~*", "&*", "+@all",
        "--user", "reader", "on", ">reader-pass", "~*", "+@read", "+@connection"));
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
    try (var files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.delete(file);
      }
    }
    Files.delete(directory);
  }

  @AfterEach
  void closeManagers() {
    provider.close();
  }

  @Test
  void anAclUserOverTlsReadsAndWrites() {
    CacheManager manager = manager("cairn:s3cret-pass@", trusted);
    Cache<String, String> cache = manager.createCache("secure",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("k", "over tls");
    assertThat(cache.get("k")).isEqualTo("over tls");
    try (RedisClient client = RedisClient.create(server.uri("").toString());
        StatefulRedisConnection<String, String> plain = client.connect()) {
      assertThat(plain.sync().get("tls:secure:k")).isEqualTo("over tls");
      assertThat(plain.sync().clientList()).contains("user=cairn");
    }
  }

  @Test
  void aServerWhoseCertificateIsNotTrustedIsRefused() {
    assertThatThrownBy(() -> manager("cairn:s3cret-pass@", stranger)).isInstanceOf(CacheException.class)
        .hasMessageContaining("rediss://localhost:" + tlsPort);
  }

  @Test
  void aWrongPasswordIsRefusedWithoutShowingIt() {
    assertThatThrownBy(() -> manager("cairn:not-the-password@", trusted)).isInstanceOf(CacheException.class)
        .satisfies(e -> assertThat(messages(e)).doesNotContain("not-the-password"));
  }

  @Test
  void aUserWithoutWriteRightsGetsACacheExceptionNotACorruptCache() {
    CacheManager writer = manager("cairn:s3cret-pass@", trusted);
    Cache<String, String> created = writer.createCache("guarded",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    created.put("k", "v");

    Cache<String, String> readOnly = manager("reader:reader-pass@", trusted)
        .getCache("guarded", String.class, String.class);
    assertThat(readOnly.get("k")).isEqualTo("v");
    assertThatThrownBy(() -> readOnly.put("k", "changed")).isInstanceOf(CacheException.class)
        .hasMessageContaining("NOPERM");
    assertThat(created.get("k")).isEqualTo("v");
  }

  private CacheManager manager(String credentials, TestCertificates authority) {
    URI uri = URI.create("rediss://" + credentials + "localhost:" + tlsPort + "?prefix=tls&tlsCaCert="
        + authority.caCertificate());
    return provider.getCacheManager(uri, getClass().getClassLoader());
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
