package dev.cairn.cache.codec;

import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * The classes a cache's declared type names for its serialized state: the type, its superclasses, and, through
 * every non-static, non-transient field (type arguments included, so {@code List<LineItem>} gives
 * {@code LineItem}), the classes those fields declare, recursively. A typed cache of {@code Order} thus reads back
 * its {@code LineItem}s and its enum in a JVM that has not stored an {@code Order} yet; the application named these
 * classes in its own code, so planted bytes cannot use them to reach anything else.
 *
 * <p>JDK classes are not walked (the allow-list decides about them), and neither are interfaces or abstract
 * classes' unknown subclasses: those come back once learned ({@link LearnedClasses}) or allowed.
 */
final class DeclaredClasses {

  /** Enough for any domain model; a walk that finds more stops there rather than scan a whole library. */
  private static final int LIMIT = 1_000;

  private DeclaredClasses() {
  }

  /** The names of the serializable classes {@code type} declares; empty for {@code Object} and JDK types. */
  static Set<String> of(Class<?> type) {
    Set<String> names = new HashSet<>();
    Set<Class<?>> seen = new HashSet<>();
    Deque<Type> pending = new ArrayDeque<>();
    pending.add(type);
    while (!pending.isEmpty() && seen.size() < LIMIT) {
      Type next = pending.poll();
      if (next instanceof ParameterizedType parameterized) {
        pending.add(parameterized.getRawType());
        pending.addAll(java.util.List.of(parameterized.getActualTypeArguments()));
      } else if (next instanceof GenericArrayType array) {
        pending.add(array.getGenericComponentType());
      } else if (next instanceof WildcardType wildcard) {
        pending.addAll(java.util.List.of(wildcard.getUpperBounds()));
      } else if (next instanceof TypeVariable<?> variable) {
        pending.addAll(java.util.List.of(variable.getBounds()));
      } else if (next instanceof Class<?> clazz) {
        Class<?> element = clazz;
        while (element.isArray()) {
          element = element.getComponentType();
        }
        if (element.isPrimitive() || isJdk(element) || !seen.add(element)) {
          continue;
        }
        if (Serializable.class.isAssignableFrom(element) && !element.isInterface()) {
          names.add(element.getName());
        }
        if (element.getSuperclass() != null) {
          pending.add(element.getGenericSuperclass());
        }
        for (Field field : fieldsOf(element)) {
          int modifiers = field.getModifiers();
          if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers)) {
            pending.add(field.getGenericType());
          }
        }
      }
    }
    return Set.copyOf(names);
  }

  private static Field[] fieldsOf(Class<?> type) {
    try {
      return type.getDeclaredFields();
    } catch (LinkageError | SecurityException e) {
      // a field type missing from the class path: that class cannot be read anyway
      return new Field[0];
    }
  }

  private static boolean isJdk(Class<?> type) {
    String name = type.getName();
    return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
        || name.startsWith("sun.") || name.startsWith("com.sun.");
  }
}
