package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cache.CairnCachingProvider;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What other Redis clients see of Cairn's values: numbers as text, and typed values as JSON with {@code codec=json}.
 */
class RedisCodecTest {

  @RegisterExtension
  static final RedisServerExtension server = new RedisServerExtension();

  private final CairnCachingProvider provider = new CairnCachingProvider();
  private RedisClient rawClient;
  private StatefulRedisConnection<String, String> raw;

  @BeforeEach
  void connect() {
    rawClient = RedisClient.create(server.uri("").toString());
    raw = rawClient.connect();
  }

  @AfterEach
  void close() {
    provider.close();
    raw.close();
    rawClient.shutdown();
  }

  @Test
  void numbersAreTextThatRedisCanCountOn() {
    Cache<String, Long> hits = manager("prefix=n").createCache("hits",
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
    hits.put("home", 41L);
    assertThat(raw.sync().get("n:hits:home")).isEqualTo("41");
    raw.sync().incrby("n:hits:home", 1);
    assertThat(hits.get("home")).isEqualTo(42L);
  }

  @Test
  void typedValuesAreJsonThatOtherClientsCanReadAndWrite() {
    Cache<String, Account> accounts = manager("prefix=j&codec=json").createCache("accounts",
        new MutableConfiguration<String, Account>().setTypes(String.class, Account.class));
    accounts.put("ada", new Account("Ada", Map.of("admin", true)));
    assertThat(raw.sync().get("j:accounts:ada")).isEqualTo("{\"name\":\"Ada\",\"roles\":{\"admin\":true}}");

    raw.sync().set("j:accounts:bob", "{\"name\":\"Bob\",\"roles\":{},\"addedByPython\":1}");
    assertThat(accounts.get("bob")).isEqualTo(new Account("Bob", Map.of()));
    assertThat(accounts.replace("ada", new Account("Ada", Map.of("admin", true)), new Account("Ada", Map.of())))
        .as("compare-and-set by bytes works because equal values give equal JSON").isTrue();
  }

  @Test
  void anUnknownCodecIsRejectedWithTheAllowedOnes() {
    assertThatThrownBy(() -> manager("codec=yaml")).isInstanceOf(CacheException.class)
        .hasMessageContaining("codec must be java or json, not 'yaml'");
  }

  private CacheManager manager(String query) {
    return provider.getCacheManager(server.uri(query), getClass().getClassLoader());
  }

  /** A typed value, as an application declares it. */
  public record Account(String name, Map<String, Boolean> roles) { }
}
