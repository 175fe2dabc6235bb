package dev.cairn.cache.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Java serialization with classes resolved through the cache manager's class loader.
 *
 * <p>Decoding is guarded by an {@link ObjectInputFilter}: bytes from Redis or disk are untrusted, and
 * unrestricted deserialization runs whatever gadget chain they name. A {@link #learning} codec also records, while
 * encoding, every class whose descriptor it writes into the cache's {@link LearnedClasses}, which its filter admits
 * (see {@link Codecs#allowList}): what the application stored reads back, what it never stored stays refused. The
 * first time a value teaches new classes, it is decoded once on the spot, so that a value that could never be read
 * back (a class without a usable constructor, a graph past the filter's limits, a proxy) fails at {@code put}
 * instead of reading as a miss forever. {@link #trusted(ClassLoader)} skips the filter and is only for bytes this
 * JVM just produced (store-by-value copies in memory). {@code readResolve} is honoured, so singletons such as
 * Spring's {@code NullValue} come back as themselves.
 *
 * <p>Thread-safe.
 *
 * @param <T> the type encoded
 */
public final class JavaSerializationCodec<T> implements Codec<T> {

  private final ClassLoader classLoader;
  private final @Nullable ObjectInputFilter filter;
  private final @Nullable LearnedClasses learned;

  private JavaSerializationCodec(ClassLoader classLoader, @Nullable ObjectInputFilter filter,
      @Nullable LearnedClasses learned) {
    this.classLoader = classLoader;
    this.filter = filter;
    this.learned = learned;
  }

  /** A codec that decodes only what {@code filter} allows. */
  public static <T> JavaSerializationCodec<T> filtered(ClassLoader classLoader, ObjectInputFilter filter) {
    return new JavaSerializationCodec<>(classLoader, Objects.requireNonNull(filter, "filter"), null);
  }

  /**
   * A codec that decodes what {@code filter} allows, and teaches {@code learned} the classes it encodes ({@code
   * filter} should admit those: {@link Codecs#allowList} does).
   */
  public static <T> JavaSerializationCodec<T> learning(ClassLoader classLoader, ObjectInputFilter filter,
      LearnedClasses learned) {
    return new JavaSerializationCodec<>(classLoader, Objects.requireNonNull(filter, "filter"),
        Objects.requireNonNull(learned, "learned"));
  }

  /** A codec for bytes this JVM produced itself and nobody else could have changed. */
  public static <T> JavaSerializationCodec<T> trusted(ClassLoader classLoader) {
    return new JavaSerializationCodec<>(classLoader, null, null);
  }

  @Override
  public byte[] encode(T value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    Set<String> met = new HashSet<>();
    try (ObjectOutputStream out = learned == null ? new ObjectOutputStream(bytes) : new Recording(bytes, met)) {
      out.writeObject(value);
    } catch (NotSerializableException e) {
      // the JDK's message is the name of the class that is not serializable: the value's own, or one it holds
      String culprit = e.getMessage() == null ? value.getClass().getName() : e.getMessage();
      throw new CodecException("cannot store a " + value.getClass().getName() + ": " + culprit
          + (culprit.equals(value.getClass().getName()) ? "" : " (held by it)")
          + " does not implement java.io.Serializable, so no store that keeps bytes could give it back. Make it "
          + "Serializable, or keep it on the memory store by reference (setStoreByValue(false)), or, on Redis, "
          + "declare the cache's value type and use codec=json", value.getClass().getName(), e);
    } catch (IOException e) {
      throw new CodecException("cannot serialize " + value.getClass().getName(), value.getClass().getName(), e);
    }
    byte[] encoded = bytes.toByteArray();
    if (learned != null && learnedNew(learned, met, value)) {
      checkReadable(encoded, value);
    }
    return encoded;
  }

  private boolean learnedNew(LearnedClasses learned, Set<String> met, T value) {
    try {
      return learned.learn(met);
    } catch (UncheckedIOException e) {
      throw new CodecException("cannot store a " + value.getClass().getName() + ": " + e.getMessage(),
          value.getClass().getName(), e);
    }
  }

  /** Decodes once the first value that taught the cache new classes, so that what can never be read fails now. */
  private void checkReadable(byte[] encoded, T value) {
    try {
      decode(encoded);
    } catch (CodecException e) {
      String name = e.className() == null ? value.getClass().getName() : e.className();
      throw new CodecException("cannot store a " + value.getClass().getName() + ": it would never read back ("
          + e.getMessage() + "). Fix " + name + " so that Java serialization gives it back (a no-argument "
          + "constructor in its first non-serializable superclass, a flatter object graph), or store something "
          + "else", name, e);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public T decode(byte[] bytes) {
    // the JDK's message does not say which class was refused; the user needs it to allow the class
    Class<?>[] refused = new Class<?>[1];
    try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), classLoader)) {
      if (filter != null) {
        in.setObjectInputFilter(info -> {
          ObjectInputFilter.Status status = filter.checkInput(info);
          if (status == ObjectInputFilter.Status.REJECTED && refused[0] == null) {
            refused[0] = info.serialClass();
          }
          return status;
        });
      }
      return (T) in.readObject();
    } catch (InvalidClassException e) {
      if (refused[0] == null) {
        throw new CodecException("cannot deserialize " + e.classname + ": " + e.getMessage(), e.classname, e);
      }
      String name = refused[0].getName();
      throw new CodecException("refused to deserialize " + name + ": " + e.getMessage() + " (this cache never "
          + "stored a " + name + (learned == null ? "" : " here (" + learned + ")") + " and no rule allows it; if "
          + "the class is trusted, allow it with serialization.allow in the configuration document or the system "
          + "property " + Codecs.ALLOW_PROPERTY + ")", name, e);
    } catch (ClassNotFoundException e) {
      throw new CodecException("cannot deserialize value: " + e, e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new CodecException("cannot deserialize value: " + e, e);
    }
  }

  /** Notes the name of every class whose descriptor is written (arrays by their element type). */
  private static final class Recording extends ObjectOutputStream {
    private final Set<String> met;

    Recording(OutputStream out, Set<String> met) throws IOException {
      super(out);
      this.met = met;
    }

    @Override
    protected void annotateClass(Class<?> type) {
      Class<?> element = type;
      while (element.isArray()) {
        element = element.getComponentType();
      }
      if (!element.isPrimitive()) {
        met.add(element.getName());
      }
    }
  }

  /** Resolves classes with the manager's loader first, then the platform's (for JDK types and arrays). */
  private static final class LoaderObjectInputStream extends ObjectInputStream {
    private final ClassLoader loader;

    LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
      super(in);
      this.loader = loader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, loader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
