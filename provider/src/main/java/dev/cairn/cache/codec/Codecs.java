package dev.cairn.cache.codec;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the codec for a cache's key or value type: UTF-8 for {@code String}, otherwise Java serialization guarded
 * by an allow-list filter.
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
   * The codec for {@code type}, decoding with {@code classLoader} and also admitting the classes
   * {@code extraAllowed} patterns name (a manager's configuration document adds these).
   */
  @SuppressWarnings("unchecked")
  public static <T> Codec<T> forType(Class<T> type, ClassLoader classLoader, List<String> extraAllowed) {
    if (type == String.class) {
      return (Codec<T>) StringCodec.INSTANCE;
    }
    return JavaSerializationCodec.filtered(classLoader, allowList(type, extraAllowed));
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
