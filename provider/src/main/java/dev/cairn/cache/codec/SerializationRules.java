package dev.cairn.cache.codec;

import java.util.List;
import java.util.Objects;

/**
 * What Java serialization may decode in one cache, beyond the JDK's value types and the cache's declared types: the
 * {@link java.io.ObjectInputFilter} patterns of a configuration document ({@code serialization.allow}) and the
 * classes the cache's application wrote ({@link LearnedClasses}). Keys and values of one cache share one.
 *
 * @param classLoader the manager's class loader, which decoding resolves classes with
 * @param allowed extra filter patterns such as {@code com.example.model.**}
 * @param learned the classes the cache's application wrote
 */
public record SerializationRules(ClassLoader classLoader, List<String> allowed, LearnedClasses learned) {

  public SerializationRules {
    Objects.requireNonNull(classLoader, "classLoader");
    allowed = List.copyOf(allowed);
    Objects.requireNonNull(learned, "learned");
  }

  /** Rules with extra patterns and classes learned in this JVM only. */
  public static SerializationRules of(ClassLoader classLoader, List<String> allowed) {
    return new SerializationRules(classLoader, allowed, LearnedClasses.inMemory());
  }
}
