package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;

class RedisLocationTest {

  @Test
  void plainUriGetsTheDefaults() {
    RedisLocation location = RedisLocation.parse(URI.create("redis://localhost:6380"));
    assertThat(location.cluster()).isFalse();
    assertThat(location.prefix()).isEqualTo("cairn");
    assertThat(location.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(location.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    RedisURI node = location.nodes().get(0);
    assertThat(node.getHost()).isEqualTo("localhost");
    assertThat(node.getPort()).isEqualTo(6380);
    assertThat(node.getTimeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void cairnParametersAreReadAndTheRestGoesToLettuce() {
    RedisLocation location = RedisLocation.parse(URI.create(
        "rediss://user:secret@cache.example:6390/3?timeout=500ms&connectTimeout=3s&prefix=shop&clientName=web"));
    assertThat(location.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(location.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(location.prefix()).isEqualTo("shop");
    RedisURI node = location.nodes().get(0);
    assertThat(node.isSsl()).isTrue();
    assertThat(node.getDatabase()).isEqualTo(3);
    RedisCredentials credentials = node.getCredentialsProvider().resolveCredentials().block();
    assertThat(credentials.getUsername()).isEqualTo("user");
    assertThat(new String(credentials.getPassword())).isEqualTo("secret");
    assertThat(node.getClientName()).isEqualTo("web");
    assertThat(node.getTimeout()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void descriptionNeverShowsThePassword() {
    RedisLocation location = RedisLocation.parse(URI.create("redis://user:secret@host:6379/0"));
    assertThat(location.description()).isEqualTo("redis://host:6379/0");
    assertThatThrownBy(() -> RedisLocation.parse(URI.create("redis://user:secret@host:6379?timeout=soon")))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("timeout")
        .hasMessageNotContaining("secret");
  }

  @Test
  void clusterUriListsItsSeedNodes() {
    RedisLocation location = RedisLocation.parse(
        URI.create("redis-cluster://:pw@10.0.0.1:7000,10.0.0.2:7001?timeout=1s"));
    assertThat(location.cluster()).isTrue();
    assertThat(location.nodes()).extracting(RedisURI::getHost).containsExactly("10.0.0.1", "10.0.0.2");
    assertThat(location.nodes()).extracting(RedisURI::getPort).containsExactly(7000, 7001);
    assertThat(location.nodes()).allSatisfy(node -> {
      assertThat(new String(node.getCredentialsProvider().resolveCredentials().block().getPassword()))
          .isEqualTo("pw");
      assertThat(node.getTimeout()).isEqualTo(Duration.ofSeconds(1));
    });
  }

  @Test
  void sentinelUriKeepsItsMasterId() {
    RedisLocation location = RedisLocation.parse(
        URI.create("redis-sentinel://s1:26379,s2:26379/2?prefix=app#mymaster"));
    RedisURI node = location.nodes().get(0);
    assertThat(location.cluster()).isFalse();
    assertThat(node.getSentinelMasterId()).isEqualTo("mymaster");
    assertThat(node.getSentinels()).hasSize(2);
    assertThat(node.getDatabase()).isEqualTo(2);
    assertThat(location.prefix()).isEqualTo("app");
  }

  @Test
  void prefixWithColonIsRefused() {
    // "a" and "a:b" would overlap: cache "b" under prefix "a" would see prefix "a:b"'s keys
    assertThatThrownBy(() -> RedisLocation.parse(URI.create("redis://host:6379?prefix=a:b")))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("prefix");
  }

  @Test
  void anUnknownParameterIsRefusedWithTheKnownOnes() {
    assertThatThrownBy(() -> RedisLocation.parse(URI.create("redis://user:secret@host:6379?tiemout=5s")))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("unknown parameter 'tiemout'")
        .hasMessageContaining("timeout, connectTimeout, prefix, codec, maxValueSize")
        .hasMessageContaining("clientName")
        .hasMessageNotContaining("secret");
  }

  @Test
  void lettuceParametersArePassedOn() {
    RedisURI node = RedisLocation.parse(URI.create(
        "redis://host:6379?database=4&clientName=web&libraryName=app&libraryVersion=1&verifyPeer=NONE"))
        .nodes().get(0);
    assertThat(node.getDatabase()).isEqualTo(4);
    assertThat(node.getClientName()).isEqualTo("web");
    assertThat(node.getLibraryName()).isEqualTo("app");
    assertThat(node.getVerifyMode()).isEqualTo(io.lettuce.core.SslVerifyMode.NONE);
    RedisURI sentinel = RedisLocation.parse(URI.create("redis-sentinel://s1:26379?sentinelMasterId=main&db=2"))
        .nodes().get(0);
    assertThat(sentinel.getSentinelMasterId()).isEqualTo("main");
    assertThat(sentinel.getDatabase()).isEqualTo(2);
  }

  @Test
  void aPortThatIsNotANumberIsAParseError() {
    for (String uri : List.of("redis://127.0.0.1:abc", "redis://h:0", "redis://h:65536", "redis://:pw@:6379",
        "redis-cluster://h1:7000,h2:x7001", "redis-sentinel://s1:26379,,s2:26379#m")) {
      assertThatThrownBy(() -> RedisLocation.parse(URI.create(uri))).as(uri)
          .isInstanceOf(CacheException.class)
          .hasMessageNotContaining("pw");
    }
    assertThatThrownBy(() -> RedisLocation.parse(URI.create("redis://127.0.0.1:abc")))
        .hasMessageContaining("'127.0.0.1:abc'")
        .hasMessageContaining("port")
        .hasMessageContaining("1 to 65535");
    assertThat(RedisLocation.parse(URI.create("redis://[::1]:6380")).nodes().get(0).getPort()).isEqualTo(6380);
    assertThat(RedisLocation.parse(URI.create("redis://cache.internal")).nodes().get(0).getPort()).isEqualTo(6379);
  }

  @Test
  void aDurationNeedsAUnitAsInConfigurationDocuments() {
    assertThatThrownBy(() -> RedisLocation.parse(URI.create("redis://host:6379?timeout=500")))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("timeout")
        .hasMessageContaining("ms, s, m, h or d");
    assertThat(RedisLocation.parse(URI.create("redis://host:6379?connectTimeout=1h")).connectTimeout())
        .isEqualTo(Duration.ofHours(1));
  }

  @Test
  void maxValueSizeDefaultsTo16MegabytesAndTakesUnits() {
    assertThat(RedisLocation.parse(URI.create("redis://host:6379")).maxValueSize()).isEqualTo(16L << 20);
    assertThat(RedisLocation.parse(URI.create("redis://host:6379?maxValueSize=64m")).maxValueSize())
        .isEqualTo(64L << 20);
    assertThat(RedisLocation.parse(URI.create("redis://host:6379?maxValueSize=2k")).maxValueSize())
        .isEqualTo(2048);
    for (String bad : List.of("1g", "12", "2048", "lots", "")) {
      assertThatThrownBy(() -> RedisLocation.parse(URI.create("redis://host:6379?maxValueSize=" + bad))).as(bad)
          .isInstanceOf(CacheException.class)
          .hasMessageContaining("maxValueSize must be a size from 1k to 512m");
    }
  }

  @Test
  void tlsSentinelAndTlsClusterUseTls() {
    RedisLocation sentinel = RedisLocation.parse(URI.create("rediss-sentinel://s1:26379,s2:26379/1#mymaster"));
    assertThat(sentinel.nodes().get(0).isSsl()).isTrue();
    assertThat(sentinel.nodes().get(0).getSentinels()).allSatisfy(node -> assertThat(node.isSsl()).isTrue());
    RedisLocation cluster = RedisLocation.parse(URI.create("rediss-cluster://h1:7000,h2:7001"));
    assertThat(cluster.cluster()).isTrue();
    assertThat(cluster.nodes()).allSatisfy(node -> assertThat(node.isSsl()).isTrue());
  }

  @Test
  void everyParameterIsDocumentedInTheStoresPage() throws java.io.IOException {
    String stores = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "stores.md"));
    String section = stores.substring(stores.indexOf("## Store URIs"), stores.indexOf("## Redis"));
    for (String parameter : concat(RedisLocation.CAIRN_PARAMETERS, RedisLocation.LETTUCE_PARAMETERS)) {
      assertThat(section).as(parameter).contains("`" + parameter + "`");
    }
  }

  private static List<String> concat(List<String> first, List<String> second) {
    return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
  }

  @Test
  void otherSchemesAreRefused() {
    assertThatThrownBy(() -> RedisLocation.parse(URI.create("memory:default")))
        .isInstanceOf(CacheException.class);
  }
}
