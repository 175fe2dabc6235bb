package dev.cairn.cache.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Finds and reads configuration documents ({@code cairn.yaml}): YAML, read on top of the reference file
 * {@value #REFERENCE}, which documents every key and its default.
 *
 * <p>A document is named by a {@code CacheManager} URI with the scheme {@code classpath:} (a resource of the
 * manager's class loader), {@code file:} or {@code jar:} (the URLs frameworks resolve resource names to). Reading
 * is strict: an unknown key, a value of the wrong type or an unknown policy fails with a {@link CacheException}
 * whose message names the document, the line and column, the key, and what is allowed there.
 *
 * <p>Thread-safe; stateless.
 */
public final class ConfigDocuments {

  /** System property naming the document used when a manager is requested without a URI. */
  public static final String CONFIG_PROPERTY = "cairn.config";

  /** The resource used when a manager is requested without a URI and {@value #CONFIG_PROPERTY} is not set. */
  public static final String DEFAULT_RESOURCE = "cairn.yaml";

  /** The reference document: every key, documented, with its default. */
  public static final String REFERENCE = "dev/cairn/cache/config/reference.yaml";

  private static final Set<String> SCHEMES = Set.of("classpath", "file", "jar");

  private static final ObjectReader READER = YAMLMapper.builder(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
          DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, DeserializationFeature.READ_ENUMS_USING_TO_STRING)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .addModule(new SimpleModule("cairn-config")
          .addDeserializer(TimeSpan.class, new TextDeserializer<>(TimeSpan.class, TimeSpan::parse))
          .addDeserializer(ByteSize.class, new TextDeserializer<>(ByteSize.class, ByteSize::parse)))
      .build()
      .readerFor(Model.class);

  private static final Model REFERENCE_MODEL = readReference();

  private ConfigDocuments() {
  }

  /** Whether {@code uri} names a configuration document rather than a store. */
  public static boolean isDocument(URI uri) {
    return uri.getScheme() != null && SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT));
  }

  /**
   * The document a manager requested without a URI uses: the one {@value #CONFIG_PROPERTY} names (a URI, or a
   * file path), else {@value #DEFAULT_RESOURCE} if {@code classLoader} has it, else {@code null}.
   */
  public static @Nullable URI defaultLocation(ClassLoader classLoader) {
    String configured = System.getProperty(CONFIG_PROPERTY, "").trim();
    if (!configured.isEmpty()) {
      // "C:\app\cairn.yaml" has a one-letter "scheme": a path, not a URI
      int colon = configured.indexOf(':');
      return colon > 1 ? URI.create(configured) : Path.of(configured).toAbsolutePath().toUri();
    }
    return classLoader.getResource(DEFAULT_RESOURCE) != null ? URI.create("classpath:" + DEFAULT_RESOURCE) : null;
  }

  /**
   * Reads the document at {@code location}.
   *
   * @param classLoader resolves {@code classpath:} locations
   * @throws CacheException if the document cannot be found or read, or is not valid
   */
  public static ConfigDocument read(URI location, ClassLoader classLoader) {
    String source = location.toString();
    byte[] text;
    try (InputStream in = open(location, classLoader)) {
      text = in.readAllBytes();
    } catch (IOException e) {
      throw new CacheException("cannot read configuration document " + source + ": " + e, e);
    }
    Model model;
    try (JsonParser parser = READER.createParser(text)) {
      // a document with nothing but comments is the reference itself
      model = parser.nextToken() == null ? Model.EMPTY : READER.readValue(parser);
    } catch (JsonProcessingException e) {
      throw new CacheException(describe(source, text, e), e);
    } catch (IOException e) {
      throw new CacheException("cannot read configuration document " + source + ": " + e, e);
    }
    return toDocument(source, model);
  }

  private static InputStream open(URI location, ClassLoader classLoader) throws IOException {
    if (!isDocument(location)) {
      throw new CacheException("not a configuration document location: " + location + " (expected one of "
          + new TreeSet<>(SCHEMES) + ")");
    }
    if ("classpath".equalsIgnoreCase(location.getScheme())) {
      String resource = location.getSchemeSpecificPart();
      while (resource.startsWith("/")) {
        resource = resource.substring(1);
      }
      InputStream in = classLoader.getResourceAsStream(resource);
      if (in == null) {
        throw new CacheException("configuration document " + location + " not found: no resource '" + resource
            + "' on the class path");
      }
      return in;
    }
    try {
      return location.toURL().openStream();
    } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
      throw new CacheException("configuration document " + location + " not found", e);
    }
  }

  @SuppressWarnings("NullAway") // the reference model, shipped in the jar, sets every key the document may omit
  private static ConfigDocument toDocument(String source, Model model) {
    Model reference = REFERENCE_MODEL;
    String store = model.store != null ? model.store : reference.store;
    URI storeUri;
    try {
      storeUri = URI.create(store.trim());
    } catch (IllegalArgumentException e) {
      throw new CacheException(source + ": 'store' is not a URI: " + store + " (" + e.getMessage() + ")", e);
    }
    storeUri = withConnection(source, storeUri, model, reference);
    List<String> allow = model.serialization == null || model.serialization.allow == null ? List.of()
        : model.serialization.allow;
    CacheSettings defaults = model.defaults == null ? reference.defaults : model.defaults.over(reference.defaults);
    Map<String, CacheSettings> caches = new LinkedHashMap<>();
    if (model.caches != null) {
      model.caches.forEach((name, settings) ->
          caches.put(name, settings == null ? defaults : settings.over(defaults)));
    }
    return new ConfigDocument(source, storeUri, allow, defaults, caches);
  }

  /**
   * Adds the connection settings to a Redis, memcached or DynamoDB URI as the query parameters its store reads. A
   * setting may be given in one place only: a URI parameter the document also sets (such as {@code ?prefix=} and
   * {@code connection.prefix}) fails, rather than one of them losing silently. Settings given in neither place take
   * the reference's default, except {@code failOpen}, which is added only when the document sets it.
   * {@code maxValueSize} is Redis's only.
   */
  private static final Set<String> REDIS_ONLY = Set.of("maxValueSize");

  @SuppressWarnings("NullAway") // as toDocument: the reference model sets every connection key
  private static URI withConnection(String source, URI store, Model model, Model reference) {
    String scheme = store.getScheme() == null ? "" : store.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.startsWith("redis") && !scheme.equals("memcached") && !scheme.equals("dynamodb")) {
      return store;
    }
    Connection own = model.connection == null ? Connection.EMPTY : model.connection;
    Connection connection = own.over(reference.connection);
    String query = store.getRawQuery() == null ? "" : store.getRawQuery();
    Set<String> present = Arrays.stream(query.split("&")).map(p -> p.split("=", 2)[0]).collect(Collectors.toSet());
    List<Setting> settings = List.of(
        new Setting("timeout", "connection.timeout", own.timeout, connection.timeout.millis() + "ms"),
        new Setting("connectTimeout", "connection.connectTimeout", own.connectTimeout,
            connection.connectTimeout.millis() + "ms"),
        new Setting("prefix", "connection.prefix", own.prefix, connection.prefix),
        new Setting("maxValueSize", "connection.maxValueSize", own.maxValueSize, connection.maxValueSize.toString()),
        new Setting("codec", "codec", model.codec, (model.codec != null ? model.codec : reference.codec).toString()),
        // off is the store's own default, so a URI only says failOpen when it is on
        new Setting("failOpen", "connection.failOpen", own.failOpen,
            Boolean.TRUE.equals(connection.failOpen) ? "true" : null));
    StringBuilder added = new StringBuilder(query);
    boolean redis = scheme.startsWith("redis");
    for (Setting setting : settings) {
      if (!redis && REDIS_ONLY.contains(setting.parameter)) {
        if (setting.inDocument != null) {
          throw new CacheException(source + ": '" + setting.key + "' applies to Redis only, not to " + store);
        }
        continue;
      }
      if (!present.contains(setting.parameter)) {
        if (setting.value == null) {
          continue;
        }
        added.append(added.length() == 0 ? "" : "&").append(setting.parameter).append('=').append(setting.value);
      } else if (setting.inDocument != null) {
        throw new CacheException(source + ": '" + setting.key + "' (" + setting.inDocument + ") and the store URI's "
            + "parameter '" + setting.parameter + "' both set the same thing; set it in one place");
      }
    }
    String text = store.toString();
    int cut = text.indexOf('?') >= 0 ? text.indexOf('?') : text.indexOf('#') >= 0 ? text.indexOf('#') : text.length();
    String fragment = store.getRawFragment() == null ? "" : "#" + store.getRawFragment();
    return URI.create(text.substring(0, cut) + "?" + added + fragment);
  }

  /** A message that says where the document is wrong and what would be right. */
  private static String describe(String source, byte[] text, JsonProcessingException e) {
    StringBuilder message = new StringBuilder("invalid configuration document ").append(source);
    MarkedYAMLException syntax = syntaxError(e);
    if (syntax != null) {
      Mark mark = syntax.getProblemMark();
      if (mark != null) {
        message.append(", line ").append(mark.getLine() + 1).append(", column ").append(mark.getColumn() + 1);
      }
      return message.append(": not valid YAML: ").append(syntax.getContext() == null ? "" : syntax.getContext() + ": ")
          .append(syntax.getProblem()).toString();
    }
    String key = e instanceof JsonMappingException mapping ? path(mapping) : "";
    // records are read through a token buffer, which has lost where an unknown key was: look it up by its path
    JsonLocation location = e instanceof UnrecognizedPropertyException ? locate(text, key) : e.getLocation();
    if (location != null && location.getLineNr() > 0) {
      message.append(", line ").append(location.getLineNr()).append(", column ").append(location.getColumnNr());
    }
    message.append(": ");
    if (e instanceof UnrecognizedPropertyException unknown) {
      String parent = key.contains(".") ? key.substring(0, key.lastIndexOf('.')) : "";
      TreeSet<String> allowed = new TreeSet<>();
      unknown.getKnownPropertyIds().forEach(id -> allowed.add(String.valueOf(id)));
      message.append("unknown key '").append(key).append("'; allowed ")
          .append(parent.isEmpty() ? "at the top level" : "under '" + parent + "'").append(": ")
          .append(String.join(", ", allowed));
    } else if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
        && invalid.getTargetType().isEnum()) {
      message.append("'").append(key).append("' is '").append(invalid.getValue()).append("'; allowed: ")
          .append(Arrays.stream(invalid.getTargetType().getEnumConstants()).map(String::valueOf)
              .collect(Collectors.joining(", ")));
    } else if (e instanceof JsonMappingException) {
      message.append(key.isEmpty() ? "" : "'" + key + "': ").append(firstLine(e.getOriginalMessage()))
          .append(" (every key and its type: ").append(REFERENCE).append(")");
    } else {
      message.append("not valid YAML: ").append(firstLine(e.getOriginalMessage()));
    }
    return message.toString();
  }

  /** Where the key at {@code path} (dotted, as {@link #path} writes it) is in the document, if found. */
  private static @Nullable JsonLocation locate(byte[] text, String path) {
    try (JsonParser parser = READER.createParser(text)) {
      ArrayDeque<String> names = new ArrayDeque<>();
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME) {
          names.addLast(parser.currentName());
          if (String.join(".", names).equals(path)) {
            return parser.currentTokenLocation();
          }
          JsonToken value = parser.nextToken();
          if (value == JsonToken.START_ARRAY) {
            parser.skipChildren();
          }
          if (value != JsonToken.START_OBJECT) {
            names.removeLast();
          }
        } else if (token == JsonToken.END_OBJECT && !names.isEmpty()) {
          names.removeLast();
        }
      }
    } catch (IOException e) {
      // the document was readable a moment ago; without a location the message still names the key
    }
    return null;
  }

  private static @Nullable MarkedYAMLException syntaxError(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof MarkedYAMLException marked) {
        return marked;
      }
    }
    return null;
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String firstLine(@Nullable String text) {
    if (text == null) {
      return "";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private static Model readReference() {
    try (InputStream in = ConfigDocuments.class.getClassLoader().getResourceAsStream(REFERENCE)) {
      if (in == null) {
        throw new IllegalStateException("the reference configuration " + REFERENCE + " is missing from the jar");
      }
      return READER.readValue(in);
    } catch (IOException e) {
      throw new IllegalStateException("the reference configuration " + REFERENCE + " is invalid: " + e, e);
    }
  }

  /** A document as written: {@code null} wherever it leaves a key out. */
  record Model(@Nullable String store, @Nullable Connection connection, @Nullable CodecName codec,
      @Nullable Serialization serialization, @JsonProperty("default") @Nullable CacheSettings defaults,
      @Nullable Map<String, CacheSettings> caches) {
    static final Model EMPTY = new Model(null, null, null, null, null, null);
  }

  /** The {@code connection} section. */
  record Connection(@Nullable TimeSpan timeout, @Nullable TimeSpan connectTimeout, @Nullable String prefix,
      @Nullable ByteSize maxValueSize, @Nullable Boolean failOpen) {
    static final Connection EMPTY = new Connection(null, null, null, null, null);

    Connection over(Connection base) {
      return new Connection(timeout != null ? timeout : base.timeout,
          connectTimeout != null ? connectTimeout : base.connectTimeout, prefix != null ? prefix : base.prefix,
          maxValueSize != null ? maxValueSize : base.maxValueSize, failOpen != null ? failOpen : base.failOpen);
    }
  }

  /**
   * One connection setting as a store URI parameter.
   *
   * @param parameter the URI parameter
   * @param key the document's key for it
   * @param inDocument what the document itself says, or {@code null} if it leaves the key out
   * @param value the value the URI gets when it lacks the parameter; {@code null} adds nothing
   */
  private record Setting(String parameter, String key, @Nullable Object inDocument, @Nullable String value) {
  }

  /** The {@code serialization} section. */
  record Serialization(List<String> allow) {
  }

  /** The codecs a document can name. */
  enum CodecName {
    JAVA, JSON;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Reads a value written as text, such as a {@link TimeSpan}; a malformed one fails with its location. */
  private static final class TextDeserializer<T> extends FromStringDeserializer<T> {
    private final Function<String, T> parse;

    TextDeserializer(Class<T> type, Function<String, T> parse) {
      super(type);
      this.parse = parse;
    }

    @Override
    protected T _deserialize(String value, DeserializationContext context) {
      return parse.apply(value);
    }
  }
}
