package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCachingProvider;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values of a class that only an application class loader sees (as with Spring Boot devtools' restart loader or
 * an application server) come back as instances of the class from the loader the manager was created with: a
 * restarted application with a new loader reads what the old one wrote, and never gets "X cannot be cast to X".
 */
class RedisClassLoaderTest {

  @RegisterExtension
  static final RedisServerExtension server = new RedisServerExtension();

  @TempDir
  static Path directory;

  private static Path classes;
  private static URI document;
  private final CairnCachingProvider provider = new CairnCachingProvider();

  @BeforeAll
  static void compileAnApplicationClass() throws IOException {
    Path source = directory.resolve("src/app/Money.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, """
        package app;
        public record Money(String currency, long cents) implements java.io.Serializable {}
        """);
    classes = Files.createDirectories(directory.resolve("classes"));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertThat(compiler.run(null, null, null, "-d", classes.toString(), source.toString())).isZero();
    document = Files.writeString(directory.resolve("cairn.yaml"), """
        store: %s
        caches:
          prices: {keyType: java.lang.String, valueType: app.Money}
          anything: {}
        serialization:
          allow: [app.*]
        """.formatted(server.uri("prefix=loaders"))).toUri();
  }

  @AfterEach
  void close() {
    provider.close();
  }

  /** A loader like an application's: the compiled class is visible to it and not to its parent. */
  private ClassLoader applicationLoader() throws IOException {
    return new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
  }

  private Object money(ClassLoader loader, long cents) throws ReflectiveOperationException {
    Class<?> type = loader.loadClass("app.Money");
    return type.getConstructor(String.class, long.class).newInstance("EUR", cents);
  }

  @Test
  void aRestartedApplicationReadsValuesAsItsOwnClasses() throws Exception {
    ClassLoader first = applicationLoader();
    CacheManager before = provider.getCacheManager(document, first);
    Cache<String, Object> prices = before.getCache("prices");
    prices.put("bread", money(first, 250));
    assertThat(prices.get("bread").getClass().getClassLoader()).isSameAs(first);

    ClassLoader restarted = applicationLoader();
    CacheManager after = provider.getCacheManager(document, restarted);
    assertThat(after).isNotSameAs(before);
    Object read = after.getCache("prices").get("bread");

    Class<?> restartedMoney = restarted.loadClass("app.Money");
    assertThat(read.getClass()).isSameAs(restartedMoney);
    assertThat(read).isEqualTo(money(restarted, 250));
  }

  @Test
  void valuesInsideJdkCollectionsToo() throws Exception {
    ClassLoader first = applicationLoader();
    Cache<Object, Object> anything = provider.getCacheManager(document, first).getCache("anything");
    anything.put("basket", java.util.List.of(money(first, 100), money(first, 200)));

    ClassLoader restarted = applicationLoader();
    Object read = provider.getCacheManager(document, restarted).getCache("anything").get("basket");
    assertThat((java.util.List<?>) read).hasSize(2)
        .allSatisfy(item -> assertThat(item.getClass()).isSameAs(restarted.loadClass("app.Money")));
  }
}
