package dev.cairn.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.config.ConfigDocuments;
import dev.cairn.cache.store.StoreProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the README and the reference configuration promise a new user, checked against the code. */
class DocumentationTest {

  /** The README, read from the module's parent (surefire runs in the module directory). */
  static String readme() throws IOException {
    return Files.readString(Path.of("..", "README.md"));
  }

  @Test
  void theReadmesUriTableAndTheReferenceListEveryStoreScheme() throws IOException {
    String readme = readme();
    String table = readme.substring(readme.indexOf("## Store URIs"), readme.indexOf("## Configuration documents"));
    String reference;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(ConfigDocuments.REFERENCE)) {
      reference = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (StoreProvider provider : ServiceLoader.load(StoreProvider.class)) {
      for (String scheme : provider.schemes()) {
        assertThat(table).as("README Store URIs table").containsPattern("`" + Pattern.quote(scheme) + ":");
        assertThat(reference).as(ConfigDocuments.REFERENCE).containsPattern("\\b" + Pattern.quote(scheme) + ":");
      }
    }
  }

  @Test
  void javaSnippetsNeverUseBothDurationsUnqualified() throws IOException {
    // javax.cache.expiry.Duration's constants (Duration.TEN_MINUTES) next to java.time's (Duration.ofMinutes)
    // cannot both compile in one file: JCache's are written in full
    for (String snippet : blocks(readme(), "java")) {
      assertThat(snippet).doesNotContainPattern("(?<![\\w.])Duration\\.[A-Z]");
    }
  }

  @Test
  void theReadmeSaysHowToGetTheArtifact() throws IOException {
    String readme = readme();
    String version = Files.readString(Path.of("..", "pom.xml"))
        .replaceAll("(?s).*?<artifactId>cairn-parent</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
    assertThat(version).isNotBlank().doesNotContain("<");
    assertThat(blocks(readme, "sh")).anyMatch(block -> block.contains("./mvnw install -DskipTests"));
    assertThat(blocks(readme, "xml")).anyMatch(block -> block.contains("<artifactId>cairn-provider</artifactId>")
        && block.contains("<version>" + version + "</version>"));
  }

  @Test
  void theQuickstartCommandIsNotSilentWhileMavenDownloads() throws IOException {
    assertThat(blocks(readme(), "sh")).noneMatch(block -> block.contains("./mvnw -q -pl examples"));
  }

  @Test
  void theReadmeDoesNotPromiseUtf8ForEveryString() throws IOException {
    // an untyped cache serializes String values: only declared String types are stored as text
    assertThat(readme()).doesNotContain("Strings are stored as UTF-8").doesNotContain("Strings are UTF-8");
  }

  private static List<String> blocks(String markdown, String language) {
    List<String> blocks = new ArrayList<>();
    Matcher block = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    while (block.find()) {
      blocks.add(block.group(1));
    }
    return blocks;
  }
}
