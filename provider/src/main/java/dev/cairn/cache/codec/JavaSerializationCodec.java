package dev.cairn.cache.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.Objects;

/**
 * Java serialization with classes resolved through the cache manager's class loader.
 *
 * <p>Decoding is guarded by an {@link ObjectInputFilter}: bytes from Redis or disk are untrusted, and
 * unrestricted deserialization runs whatever gadget chain they name. {@link #trusted(ClassLoader)} skips the filter
 * and is only for bytes this JVM just produced (store-by-value copies in memory). {@code readResolve} is honoured,
 * so singletons such as Spring's {@code NullValue} come back as themselves.
 *
 * @param <T> the type encoded
 */
public final class JavaSerializationCodec<T> implements Codec<T> {

  private final ClassLoader classLoader;
  private final ObjectInputFilter filter;

  private JavaSerializationCodec(ClassLoader classLoader, ObjectInputFilter filter) {
    this.classLoader = classLoader;
    this.filter = filter;
  }

  /** A codec that decodes only what {@code filter} allows. */
  public static <T> JavaSerializationCodec<T> filtered(ClassLoader classLoader, ObjectInputFilter filter) {
    return new JavaSerializationCodec<>(classLoader, Objects.requireNonNull(filter, "filter"));
  }

  /** A codec for bytes this JVM produced itself and nobody else could have changed. */
  public static <T> JavaSerializationCodec<T> trusted(ClassLoader classLoader) {
    return new JavaSerializationCodec<>(classLoader, null);
  }

  @Override
  public byte[] encode(T value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (NotSerializableException e) {
      throw new CodecException("cannot serialize " + value.getClass().getName()
          + ": it (or a field) does not implement java.io.Serializable", e);
    } catch (IOException e) {
      throw new CodecException("cannot serialize " + value.getClass().getName(), e);
    }
    return bytes.toByteArray();
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
    } catch (java.io.InvalidClassException e) {
      throw new CodecException("refused to deserialize " + (refused[0] == null ? "" : refused[0].getName() + ": ")
          + e.getMessage() + " (allow the class in the serialization filter if it is trusted: system property "
          + Codecs.ALLOW_PROPERTY + ", or serialization.allow in the configuration document)", e);
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      throw new CodecException("cannot deserialize value: " + e, e);
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
