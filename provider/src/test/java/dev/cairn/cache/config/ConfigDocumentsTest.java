package dev.cairn.cache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.cache.CacheException;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading configuration documents: layering over the reference file, locations, and the errors users see. */
class ConfigDocumentsTest {

  @TempDir
  Path directory;

  private final ClassLoader loader = getClass().getClassLoader();

  private URI write(String name, String yaml) throws IOException {
    Path file = directory.resolve(name);
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file.toUri();
  }

  @Test
  void theReferenceFileGivesEverySettingADefault() {
    ConfigDocument reference = ConfigDocuments.read(URI.create("classpath:" + ConfigDocuments.REFERENCE), loader);
    assertThat(reference.storeUri()).isEqualTo(URI.create("memory:default"));
    assertThat(reference.caches()).isEmpty();
    // near alone has no default: left out, the store URI's near decides
    assertThat(reference.defaults()).hasNoNullFieldsOrPropertiesExcept("near");
    assertThat(reference.defaults().expiry()).hasNoNullFieldsOrProperties();
    // the defaults are JCache's own, so that a document changes only what it says
    assertThat(reference.configuration("any", loader)).isEqualTo(new CairnConfiguration<>());
  }

  @Test
  void aCacheTakesItsOwnKeysThenTheDefaultTemplateThenTheReference() throws IOException {
    URI uri = write("cairn.yaml", """
        store: memory:app
        default:
          statistics: true
          expiry: {policy: created, duration: 10m}
        caches:
          users:
            valueType: java.lang.Integer
            expiry: {duration: 90s}
            maxEntries: 500
          plain:
        """);
    ConfigDocument document = ConfigDocuments.read(uri, loader);

    CairnConfiguration<Object, Object> users = document.configuration("users", loader);
    assertThat(users.getValueType()).isEqualTo(Integer.class);
    assertThat(users.getKeyType()).isEqualTo(Object.class);
    assertThat(users.getMaximumSize()).isEqualTo(500);
    assertThat(users.isStatisticsEnabled()).isTrue();
    ExpiryPolicy policy = users.getExpiryPolicyFactory().create();
    assertThat(policy).isInstanceOf(CreatedExpiryPolicy.class);
    assertThat(policy.getExpiryForCreation()).isEqualTo(new Duration(TimeUnit.MILLISECONDS, 90_000));

    assertThat(document.configuration("plain", loader).getExpiryPolicyFactory().create().getExpiryForCreation())
        .isEqualTo(new Duration(TimeUnit.MILLISECONDS, 600_000));
    assertThat(document.declares("plain")).isTrue();
    assertThat(document.declares("other")).isFalse();
    assertThat(document.configuration("other", loader).isStatisticsEnabled()).isTrue();
    assertThat(document.storeUri()).isEqualTo(URI.create("memory:app"));
  }

  @Test
  void anEmptyDocumentIsTheReference() throws IOException {
    ConfigDocument document = ConfigDocuments.read(write("empty.yaml", ""), loader);
    assertThat(document.storeUri()).isEqualTo(URI.create("memory:default"));
    assertThat(document.configuration("c", loader).getExpiryPolicyFactory())
        .isEqualTo(EternalExpiryPolicy.factoryOf());
  }

  @Test
  void connectionSettingsBecomeTheRedisUrisParameters() throws IOException {
    ConfigDocument document = ConfigDocuments.read(write("redis.yaml", """
        store: redis://127.0.0.1:6390/2?clientName=web
        connection: {timeout: 1s, connectTimeout: 3s, prefix: app, maxValueSize: 64m}
        codec: json
        """), loader);
    assertThat(document.storeUri()).isEqualTo(URI.create("redis://127.0.0.1:6390/2?clientName=web&timeout=1000ms"
        + "&connectTimeout=3000ms&prefix=app&maxValueSize=64m&codec=json"));
  }

  @Test
  void aUriParameterTheDocumentLeavesOutKeepsTheUrisValue() throws IOException {
    ConfigDocument document = ConfigDocuments.read(write("redis-uri-prefix.yaml", """
        store: redis://127.0.0.1:6390?prefix=shop&timeout=5s
        """), loader);
    assertThat(document.storeUri()).isEqualTo(URI.create("redis://127.0.0.1:6390?prefix=shop&timeout=5s"
        + "&connectTimeout=2000ms&maxValueSize=16m&codec=java"));
  }

  @Test
  void aSettingInBothTheDocumentAndTheStoreUriIsRefused() throws IOException {
    URI prefixTwice = write("prefix-twice.yaml", """
        store: redis://127.0.0.1:6390?prefix=shop
        connection: {prefix: app}
        """);
    assertThatThrownBy(() -> ConfigDocuments.read(prefixTwice, loader))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("prefix-twice.yaml")
        .hasMessageContaining("'connection.prefix' (app)")
        .hasMessageContaining("parameter 'prefix'")
        .hasMessageContaining("set it in one place");
    URI codecTwice = write("codec-twice.yaml", "store: redis://127.0.0.1:6390?codec=java\ncodec: json\n");
    assertThatThrownBy(() -> ConfigDocuments.read(codecTwice, loader))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("'codec' (json)");
  }

  @Test
  void aValueSizeWithoutAValidUnitSaysWhichUnitsThereAre() throws IOException {
    URI uri = write("size.yaml", "connection:\n  maxValueSize: 16q\n");
    assertThatThrownBy(() -> ConfigDocuments.read(uri, loader))
        .hasMessageContaining("line 2")
        .hasMessageContaining("'connection.maxValueSize'")
        .hasMessageContaining("k, m or g");
  }

  @Test
  void connectionFailOpenBecomesTheRedisUrisFailOpenParameter() throws IOException {
    ConfigDocument document = ConfigDocuments.read(write("failopen.yaml", """
        store: redis://127.0.0.1:6390
        connection: {failOpen: true}
        """), loader);
    assertThat(document.storeUri()).isEqualTo(
        URI.create("redis://127.0.0.1:6390?timeout=2000ms&connectTimeout=2000ms&prefix=cairn&maxValueSize=16m"
            + "&codec=java&failOpen=true"));
  }

  @Test
  void connectionSettingsBecomeTheMemcachedUrisParametersToo() throws IOException {
    ConfigDocument document = ConfigDocuments.read(write("memcached.yaml", """
        store: memcached://10.0.0.1:11311,10.0.0.2:11311
        connection: {timeout: 1s, prefix: app}
        """), loader);
    assertThat(document.storeUri()).isEqualTo(URI.create(
        "memcached://10.0.0.1:11311,10.0.0.2:11311?timeout=1000ms&connectTimeout=2000ms&prefix=app&codec=java"));
    ConfigDocument failOpen = ConfigDocuments.read(write("memcached-open.yaml", """
        store: memcached://10.0.0.1:11311
        connection: {failOpen: true}
        """), loader);
    assertThat(failOpen.storeUri()).isEqualTo(URI.create(
        "memcached://10.0.0.1:11311?timeout=2000ms&connectTimeout=2000ms&prefix=cairn&codec=java&failOpen=true"));
  }

  @Test
  void connectionSettingsBecomeTheDynamoDbUrisParametersBesideItsOwn() throws IOException {
    ConfigDocument document = ConfigDocuments.read(write("dynamodb.yaml", """
        store: dynamodb://cache-table?region=eu-west-1
        connection: {timeout: 500ms, prefix: app}
        """), loader);
    assertThat(document.storeUri()).isEqualTo(URI.create(
        "dynamodb://cache-table?region=eu-west-1&timeout=500ms&connectTimeout=2000ms&prefix=app&codec=java"));
    assertThatThrownBy(() -> ConfigDocuments.read(write("dynamodb-bad.yaml", """
        store: dynamodb://cache-table
        connection: {maxValueSize: 1m}
        """), loader)).isInstanceOf(CacheException.class).hasMessageContaining("applies to Redis only");
  }

  @Test
  void readsClasspathFileAndJarLocations() throws IOException {
    String yaml = "store: memory:jarred\n";
    Path jar = directory.resolve("app.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
      jarOut.putNextEntry(new JarEntry("config/cairn.yaml"));
      jarOut.write(yaml.getBytes(StandardCharsets.UTF_8));
    }
    URI inJar = URI.create("jar:" + jar.toUri() + "!/config/cairn.yaml");
    assertThat(ConfigDocuments.read(inJar, loader).storeUri()).isEqualTo(URI.create("memory:jarred"));
    assertThat(ConfigDocuments.read(write("f.yaml", yaml), loader).storeUri())
        .isEqualTo(URI.create("memory:jarred"));
    assertThat(ConfigDocuments.read(URI.create("classpath:/dev/cairn/cache/config/test-cairn.yaml"), loader)
        .declares("greetings")).isTrue();
  }

  @Test
  void aTypoInAKeyNamesTheFileTheLineAndTheAllowedKeys() throws IOException {
    URI uri = write("typo.yaml", """
        store: memory:x
        caches:
          users:
            maxEntrys: 10
        """);
    assertThatThrownBy(() -> ConfigDocuments.read(uri, loader))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining(uri.toString())
        .hasMessageContaining("line 4")
        .hasMessageContaining("unknown key 'caches.users.maxEntrys'")
        .hasMessageContaining("allowed under 'caches.users': ")
        .hasMessageContaining("maxEntries");
  }

  @Test
  void anUnknownTopLevelKeyListsTheTopLevelKeys() throws IOException {
    URI uri = write("top.yaml", "stor: memory:x\n");
    assertThatThrownBy(() -> ConfigDocuments.read(uri, loader))
        .hasMessageContaining("line 1")
        .hasMessageContaining("unknown key 'stor'; allowed at the top level: caches, codec, connection, default, "
            + "serialization, store");
  }

  @Test
  void aValueOfTheWrongTypeNamesTheKeyAndLine() throws IOException {
    URI uri = write("type.yaml", """
        default:
          statistics: true
          maxEntries: lots
        """);
    assertThatThrownBy(() -> ConfigDocuments.read(uri, loader))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("'default.maxEntries'")
        .hasMessageContaining("lots");
  }

  @Test
  void anUnknownPolicyListsThePolicies() throws IOException {
    URI uri = write("policy.yaml", "default:\n  expiry:\n    policy: creted\n");
    assertThatThrownBy(() -> ConfigDocuments.read(uri, loader))
        .hasMessageContaining("line 3")
        .hasMessageContaining("'default.expiry.policy' is 'creted'; allowed: eternal, created, accessed, modified, "
            + "touched");
  }

  @Test
  void anUnknownCodecListsTheCodecs() throws IOException {
    URI uri = write("codec.yaml", "codec: kryo\n");
    assertThatThrownBy(() -> ConfigDocuments.read(uri, loader))
        .hasMessageContaining("'codec' is 'kryo'; allowed: java, json");
  }

  @Test
  void aDurationWithoutAUnitSaysWhichUnitsThereAre() throws IOException {
    URI uri = write("duration.yaml", "default:\n  expiry: {policy: created, duration: 10}\n");
    assertThatThrownBy(() -> ConfigDocuments.read(uri, loader))
        .hasMessageContaining("line 2")
        .hasMessageContaining("'default.expiry.duration'")
        .hasMessageContaining("ms, s, m, h or d");
  }

  @Test
  void maxBytesTakesASizeWithAUnitUnderDefaultAndPerCache() throws IOException {
    ConfigDocument document = ConfigDocuments.read(write("bytes.yaml", """
        default: {maxBytes: 512m}
        caches:
          small: {maxBytes: 64K}
          plain:
        """), loader);
    assertThat(document.configuration("small", loader).getMaximumBytes()).isEqualTo(64L << 10);
    assertThat(document.configuration("plain", loader).getMaximumBytes()).isEqualTo(512L << 20);
    assertThat(document.configuration("other", loader).getMaximumBytes()).isEqualTo(512L << 20);
    assertThat(ConfigDocuments.read(write("none.yaml", ""), loader).configuration("c", loader).getMaximumBytes())
        .isZero();
    assertThat(ByteSize.parse("2g").bytes()).isEqualTo(2L << 30);
    assertThat(ByteSize.parse("0").bytes()).isZero();
  }

  @Test
  void aSizeWithoutAUnitSaysWhichUnitsThereAre() throws IOException {
    URI uri = write("size.yaml", "default:\n  statistics: true\n  maxBytes: 512\n");
    assertThatThrownBy(() -> ConfigDocuments.read(uri, loader))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("'default.maxBytes'")
        .hasMessageContaining("'512' is not a size")
        .hasMessageContaining("k, m or g");
    assertThatThrownBy(() -> ConfigDocuments.read(write("t.yaml", "default: {maxBytes: 5t}\n"), loader))
        .hasMessageContaining("'5t' is not a size");
  }

  @Test
  void brokenYamlNamesTheLine() throws IOException {
    URI uri = write("broken.yaml", "caches:\n  users: {maxEntries: 1\n");
    assertThatThrownBy(() -> ConfigDocuments.read(uri, loader))
        .hasMessageContaining(uri.toString())
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void aClassThatIsNotThereNamesTheKey() throws IOException {
    ConfigDocument document = ConfigDocuments.read(write("class.yaml", """
        caches:
          users: {valueType: com.example.Missing}
          loaded: {loader: java.lang.String}
        """), loader);
    assertThatThrownBy(() -> document.configuration("users", loader))
        .hasMessageContaining("'caches.users.valueType' names class com.example.Missing, which is not on the class "
            + "path");
    assertThatThrownBy(() -> document.configuration("loaded", loader))
        .hasMessageContaining("'caches.loaded.loader' names java.lang.String, which is not a "
            + "javax.cache.integration.CacheLoader");
  }

  @Test
  void aMissingDocumentSaysSo() {
    assertThatThrownBy(() -> ConfigDocuments.read(URI.create("classpath:nowhere/cairn.yaml"), loader))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("classpath:nowhere/cairn.yaml not found");
    assertThatThrownBy(() -> ConfigDocuments.read(directory.resolve("absent.yaml").toUri(), loader))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("not found");
  }

  @Test
  void theDefaultLocationIsTheSystemPropertyThenCairnYamlOnTheClassPath() throws IOException {
    URI file = write("chosen.yaml", "store: memory:chosen\n");
    String previous = System.getProperty(ConfigDocuments.CONFIG_PROPERTY);
    try {
      System.setProperty(ConfigDocuments.CONFIG_PROPERTY, Path.of(file).toString());
      assertThat(ConfigDocuments.defaultLocation(loader)).isEqualTo(file);
      System.setProperty(ConfigDocuments.CONFIG_PROPERTY, "classpath:elsewhere.yaml");
      assertThat(ConfigDocuments.defaultLocation(loader)).isEqualTo(URI.create("classpath:elsewhere.yaml"));
      System.clearProperty(ConfigDocuments.CONFIG_PROPERTY);
      // the provider's test class path has no cairn.yaml at its root
      assertThat(ConfigDocuments.defaultLocation(loader)).isNull();
      ClassLoader withDocument = new java.net.URLClassLoader(new java.net.URL[] {directory.toUri().toURL()}, null);
      write("cairn.yaml", "store: memory:found\n");
      assertThat(ConfigDocuments.defaultLocation(withDocument)).isEqualTo(URI.create("classpath:cairn.yaml"));
    } finally {
      if (previous == null) {
        System.clearProperty(ConfigDocuments.CONFIG_PROPERTY);
      } else {
        System.setProperty(ConfigDocuments.CONFIG_PROPERTY, previous);
      }
    }
  }
}
