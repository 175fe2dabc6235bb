package dev.cairn.cache.codec;

import java.io.ObjectInputFilter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Picks the codec for a cache's key or value type: UTF-8 for {@code String}, decimal text for boxed numbers, and
 * otherwise Java serialization guarded by {@link #allowList}, or JSON for stores configured so. Keys of untyped
 * caches are {@link UntypedKeyCodec}: text for strings and whole numbers, Java serialization for the rest.
 *
 * <p>The allow-list admits the JDK's value types and collections, the cache's declared type and the classes its
 * fields declare ({@link DeclaredClasses}), the classes the cache's application wrote ({@link LearnedClasses}), and
 * whatever {@link SerializationRules#allowed()} and the system property {@value #ALLOW_PROPERTY} add (an
 * {@link ObjectInputFilter} pattern list such as {@code com.example.model.**}). Everything else is rejected. See
 * {@code docs/serialization.md} for why.
 */
public final class Codecs {

  /** System property with extra {@link ObjectInputFilter} patterns to allow, separated by {@code ;}. */
  public static final String ALLOW_PROPERTY = "cairn.serialization.allow";

  private static final String JDK_ALLOWED = String.join(";",
      "java.lang.*", "java.lang.Enum", "java.math.*", "java.time.*", "java.util.*", "java.net.URI",
      "java.util.concurrent.*", "java.util.concurrent.atomic.*",
      // an interface, so only ever an array's element type (Hibernate keeps an entity's state as Serializable[])
      "java.io.Serializable",
      // Spring's cached null and Hibernate's second-level cache entries, the untyped caches Cairn serves
      "org.springframework.cache.support.NullValue", "org.hibernate.cache.**",
      // graph limits against deserialization bombs (deeply nested sets cost 2^depth hashCode calls)
      "maxdepth=20", "maxrefs=1000000", "maxarray=10000000", "maxbytes=268435456");

  private Codecs() {
  }

  /** The codec for {@code type}, decoding with {@code classLoader}, learning in this JVM only. */
  public static <T> Codec<T> forType(Class<T> type, ClassLoader classLoader) {
    return forType(type, classLoader, List.of());
  }

  /** Like {@link #forType(Class, SerializationRules)}, learning in this JVM only. */
  public static <T> Codec<T> forType(Class<T> type, ClassLoader classLoader, List<String> extraAllowed) {
    return forType(type, SerializationRules.of(classLoader, extraAllowed));
  }

  /** The codec for values of {@code type}: strings and numbers as text, anything else by {@link #serialized}. */
  public static <T> Codec<T> forType(Class<T> type, SerializationRules rules) {
    Codec<T> text = asText(type);
    return text != null ? text : serialized(type, rules);
  }

  /** The codec for keys of {@code type}: as {@link #forType}, but an untyped cache's keys by {@link UntypedKeyCodec}. */
  @SuppressWarnings("unchecked")
  public static <T> Codec<T> forKeys(Class<T> type, SerializationRules rules) {
    return type == Object.class ? (Codec<T>) new UntypedKeyCodec(serialized(Object.class, rules))
        : forType(type, rules);
  }

  /** Java serialization behind {@link #allowList}, learning into the rules' {@link LearnedClasses}. */
  public static <T> Codec<T> serialized(Class<T> type, SerializationRules rules) {
    return JavaSerializationCodec.learning(rules.classLoader(), allowList(type, rules), rules.learned());
  }

  /**
   * The value codec of a store whose URI picks the format ({@code codec=java|json}): {@link #jsonForType} when
   * {@code json}, else {@link #forType}.
   */
  public static <T> Codec<T> forValues(Class<T> type, SerializationRules rules, boolean json) {
    return json ? jsonForType(type, rules) : forType(type, rules);
  }

  /**
   * The key codec of a store whose URI picks the format: as {@link #forValues}, but an untyped cache's keys are
   * {@link #forKeys} whatever the format.
   */
  public static <T> Codec<T> forKeys(Class<T> type, SerializationRules rules, boolean json) {
    return json && type != Object.class ? jsonForType(type, rules) : forKeys(type, rules);
  }

  /** Like {@link #jsonForType(Class, SerializationRules)}, learning in this JVM only. */
  public static <T> Codec<T> jsonForType(Class<T> type, ClassLoader classLoader, List<String> extraAllowed) {
    return jsonForType(type, SerializationRules.of(classLoader, extraAllowed));
  }

  /**
   * Like {@link #forType}, but a declared type other than {@code Object} is JSON (see {@link JsonCodec}). An untyped
   * cache stays on Java serialization: JSON alone cannot say which class to rebuild, and letting the bytes name
   * it would undo the allow-list.
   */
  public static <T> Codec<T> jsonForType(Class<T> type, SerializationRules rules) {
    Codec<T> text = asText(type);
    if (text != null) {
      return text;
    }
    return type == Object.class ? forType(type, rules) : new JsonCodec<>(type, rules.classLoader());
  }

  @SuppressWarnings("unchecked")
  private static <T> @Nullable Codec<T> asText(Class<T> type) {
    if (type == String.class) {
      return (Codec<T>) StringCodec.INSTANCE;
    }
    return NumberCodec.forType(type);
  }

  /** The serialization filter for a cache of {@code type}, without learned classes or extra patterns. */
  public static ObjectInputFilter allowList(Class<?> type) {
    return allowList(type, SerializationRules.of(Codecs.class.getClassLoader(), List.of()));
  }

  /**
   * The serialization filter for a cache of {@code type}: the built-in patterns, the rules' and the system
   * property's, then the classes {@code type} declares, then the classes the cache learned; anything else, and any
   * dynamic proxy they do not name, is rejected.
   */
  public static ObjectInputFilter allowList(Class<?> type, SerializationRules rules) {
    List<String> patterns = new ArrayList<>();
    patterns.add(JDK_ALLOWED);
    if (type != Object.class && !type.isPrimitive() && !type.isArray()) {
      patterns.add(type.getName());
    }
    for (String pattern : rules.allowed()) {
      if (!pattern.isBlank()) {
        patterns.add(pattern.trim());
      }
    }
    String extra = System.getProperty(ALLOW_PROPERTY, "").trim();
    if (!extra.isEmpty()) {
      patterns.add(extra);
    }
    return new CacheFilter(ObjectInputFilter.Config.createFilter(String.join(";", patterns)),
        DeclaredClasses.of(type), rules.learned());
  }

  /**
   * Patterns first (they may also reject, and they check the limits); a class they do not decide is allowed when
   * the cache's type declares it or the cache learned it. Arrays are judged by their element type, and arrays of
   * primitives, which carry no code, only by the limits.
   */
  private record CacheFilter(ObjectInputFilter patterns, Set<String> declared, LearnedClasses learned)
      implements ObjectInputFilter {
    @Override
    public Status checkInput(FilterInfo info) {
      Class<?> clazz = info.serialClass();
      if (clazz == null) {
        return patterns.checkInput(info);
      }
      Class<?> element = clazz;
      while (element.isArray()) {
        element = element.getComponentType();
      }
      if (element.isPrimitive()) {
        return patterns.checkInput(new FilterInfoWithoutClass(info));
      }
      Status status = patterns.checkInput(info);
      if (status != Status.UNDECIDED) {
        return status;
      }
      if (Proxy.isProxyClass(element)) {
        return Status.REJECTED;
      }
      String name = element.getName();
      return declared.contains(name) || learned.contains(name) ? Status.ALLOWED : Status.REJECTED;
    }
  }

  /** The same limits (depth, array length) without the class, so only the limits are checked. */
  private record FilterInfoWithoutClass(ObjectInputFilter.FilterInfo info) implements ObjectInputFilter.FilterInfo {
    @Override
    public @Nullable Class<?> serialClass() {
      return null;
    }

    @Override
    public long arrayLength() {
      return info.arrayLength();
    }

    @Override
    public long depth() {
      return info.depth();
    }

    @Override
    public long references() {
      return info.references();
    }

    @Override
    public long streamBytes() {
      return info.streamBytes();
    }
  }
}
