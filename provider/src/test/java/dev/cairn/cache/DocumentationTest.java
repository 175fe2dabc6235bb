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

/** What the README, the docs and the reference configuration promise a new user, checked against the code. */
class DocumentationTest {

  /** The README, read from the module's parent (surefire runs in the module directory). */
  static String readme() throws IOException {
    return Files.readString(Path.of("..", "README.md"));
  }

  /** A page under {@code docs/}, such as {@code stores.md}. */
  static String doc(String name) throws IOException {
    return Files.readString(Path.of("..", "docs", name));
  }

  /** The section of {@code markdown} under the heading {@code ## title}, up to the next such heading. */
  static String section(String markdown, String title) {
    int start = markdown.indexOf("\n## " + title + "\n");
    assertThat(start).as("section %s", title).isNotNegative();
    int end = markdown.indexOf("\n## ", start + 1);
    return end < 0 ? markdown.substring(start) : markdown.substring(start, end);
  }

  @Test
  void theReadmesStoreTableTheStoresPageAndTheReferenceListEveryStoreScheme() throws IOException {
    String table = section(readme(), "Stores");
    String page = section(doc("stores.md"), "Store URIs");
    String reference;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(ConfigDocuments.REFERENCE)) {
      reference = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (StoreProvider provider : ServiceLoader.load(StoreProvider.class)) {
      for (String scheme : provider.schemes()) {
        assertThat(table).as("README Stores table").containsPattern("`" + Pattern.quote(scheme) + ":");
        assertThat(page).as("docs/stores.md Store URIs").containsPattern("`" + Pattern.quote(scheme) + ":");
        assertThat(reference).as(ConfigDocuments.REFERENCE).containsPattern("\\b" + Pattern.quote(scheme) + ":");
      }
    }
  }

  @Test
  void javaSnippetsNeverUseBothDurationsUnqualified() throws IOException {
    // javax.cache.expiry.Duration's constants (Duration.TEN_MINUTES) next to java.time's (Duration.ofMinutes)
    // cannot both compile in one file: JCache's are written in full
    List<String> pages = new ArrayList<>(List.of(readme()));
    for (String page : new String[] {"configuration.md", "extensions.md", "spring.md", "hibernate.md"}) {
      pages.add(doc(page));
    }
    for (String snippet : pages.stream().flatMap(page -> blocks(page, "java").stream()).toList()) {
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

  @Test
  void everyRelativeLinkOfTheReadmeAndTheDocsResolves() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(Path.of("..", "README.md")));
    try (var docs = Files.walk(Path.of("..", "docs"))) {
      docs.filter(path -> path.toString().endsWith(".md")).forEach(pages::add);
    }
    List<String> broken = new ArrayList<>();
    Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    for (Path page : pages) {
      Matcher found = link.matcher(Files.readString(page).replaceAll("(?s)```.*?```", ""));
      while (found.find()) {
        String target = found.group(1);
        if (target.matches("[a-z]+:.*")) {
          continue; // https:, mailto:
        }
        int hash = target.indexOf('#');
        Path file = hash == 0 ? page : page.resolveSibling(hash < 0 ? target : target.substring(0, hash));
        if (!Files.exists(file)) {
          broken.add(page + ": " + target);
        } else if (hash >= 0 && !anchors(file).contains(target.substring(hash + 1))) {
          broken.add(page + ": " + target + " (no such heading)");
        }
      }
    }
    assertThat(broken).isEmpty();
  }

  /** The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces as hyphens. */
  private static List<String> anchors(Path file) throws IOException {
    if (!file.toString().endsWith(".md")) {
      return List.of();
    }
    return Files.readString(file).replaceAll("(?s)```.*?```", "").lines()
        .filter(line -> line.startsWith("#"))
        .map(line -> line.replaceFirst("^#+\\s*", "").toLowerCase(java.util.Locale.ROOT)
            .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
        .toList();
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
