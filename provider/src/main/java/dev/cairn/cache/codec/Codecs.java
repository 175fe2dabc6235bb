package dev.cairn.cache.codec;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the codec for a cache's key or value type: UTF-8 for {@code String}, decimal text for boxed numbers, and
 * otherwise Java serialization guarded by an allow-list filter, or JSON for stores configured so.
 *
 * <p>The allow-list admits the JDK's value types and collections, the cache's declared type, and whatever the
 * system property {@value #ALLOW_PROPERTY} adds (an {@link ObjectInputFilter} pattern list such as
 * {@code com.example.model.**;org.hibernate.cache.**}). Everything else is rejected.
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

  /** The codec for {@code type}, decoding with {@code classLoader}. */
  public static <T> Codec<T> forType(Class<T> type, ClassLoader classLoader) {
    return forType(type, classLoader, List.of());
  }

  /**
   * The codec for {@code type}, decoding with {@code classLoader}: strings and numbers as text, anything else with
   * Java serialization behind {@link #allowList}, which also admits the classes {@code extraAllowed} patterns name
   * (a manager's configuration document adds these).
   */
  public static <T> Codec<T> forType(Class<T> type, ClassLoader classLoader, List<String> extraAllowed) {
    Codec<T> text = asText(type);
    return text != null ? text : JavaSerializationCodec.filtered(classLoader, allowList(type, extraAllowed));
  }

  /**
   * Like {@link #forType}, but a declared type other than {@code Object} is JSON (see {@link JsonCodec}). An untyped
   * cache stays on Java serialization: JSON alone cannot say which class to rebuild, and letting the bytes name
   * it would undo the allow-list.
   */
  public static <T> Codec<T> jsonForType(Class<T> type, ClassLoader classLoader, List<String> extraAllowed) {
    Codec<T> text = asText(type);
    if (text != null) {
      return text;
    }
    return type == Object.class ? forType(type, classLoader, extraAllowed) : new JsonCodec<>(type, classLoader);
  }

  @SuppressWarnings("unchecked")
  private static <T> Codec<T> asText(Class<T> type) {
    if (type == String.class) {
      return (Codec<T>) StringCodec.INSTANCE;
    }
    return NumberCodec.forType(type);
  }

  /** The serialization filter for a cache of {@code type}. */
  public static ObjectInputFilter allowList(Class<?> type) {
    return allowList(type, List.of());
  }

  /** The serialization filter for a cache of {@code type}, with extra {@link ObjectInputFilter} patterns. */
  public static ObjectInputFilter allowList(Class<?> type, List<String> extraAllowed) {
    List<String> patterns = new ArrayList<>();
    patterns.add(JDK_ALLOWED);
    if (type != Object.class && !type.isPrimitive() && !type.isArray()) {
      patterns.add(type.getName());
    }
    for (String pattern : extraAllowed) {
      if (!pattern.isBlank()) {
        patterns.add(pattern.trim());
      }
    }
    String extra = System.getProperty(ALLOW_PROPERTY, "").trim();
    if (!extra.isEmpty()) {
      patterns.add(extra);
    }
    // primitive arrays carry no code; anything not listed is rejected
    patterns.add("!*");
    return new AllowPrimitiveArrays(ObjectInputFilter.Config.createFilter(String.join(";", patterns)));
  }

  /** Admits arrays of primitives, which the pattern syntax cannot name, and defers everything else. */
  private record AllowPrimitiveArrays(ObjectInputFilter delegate) implements ObjectInputFilter {
    @Override
    public Status checkInput(FilterInfo info) {
      Class<?> clazz = info.serialClass();
      if (clazz != null && clazz.isArray()) {
        Class<?> component = clazz;
        while (component.isArray()) {
          component = component.getComponentType();
        }
        if (component.isPrimitive()) {
          return delegate.checkInput(new FilterInfoWithoutClass(info));
        }
      }
      return delegate.checkInput(info);
    }
  }

  /** The same limits (depth, array length) without the class, so only the limits are checked. */
  private record FilterInfoWithoutClass(ObjectInputFilter.FilterInfo info) implements ObjectInputFilter.FilterInfo {
    @Override
    public Class<?> serialClass() {
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
