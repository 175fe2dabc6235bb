package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.net.URI;
import java.time.Duration;
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
  void otherSchemesAreRefused() {
    assertThatThrownBy(() -> RedisLocation.parse(URI.create("memory:default")))
        .isInstanceOf(CacheException.class);
  }
}
