package dev.cairn.cache.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes from Redis or disk are untrusted: only allowed classes, and the classes the cache wrote, come back to life.
 */
class JavaSerializationCodecTest {

  private final ClassLoader loader = getClass().getClassLoader();

  @Test
  void decodesAllowedTypesAndJdkCollections() {
    Codec<Object> codec = Codecs.forType(Object.class, loader);
    Object value = new ArrayList<>(List.of(1L, "two", Map.of("k", new int[] {3})));
    Object copy = codec.decode(codec.encode(value));
    assertThat(copy).isInstanceOf(ArrayList.class);
    assertThat(((List<?>) copy).get(1)).isEqualTo("two");
  }

  @Test
  void refusesClassesOutsideTheAllowList() {
    Codec<Object> codec = Codecs.forType(Object.class, loader);
    byte[] gadget = JavaSerializationCodec.trusted(loader).encode(new NotAllowed("payload"));
    assertThatThrownBy(() -> codec.decode(gadget)).isInstanceOf(CodecException.class)
        .hasMessageContaining("refused to deserialize " + NotAllowed.class.getName())
        .hasMessageContaining(Codecs.ALLOW_PROPERTY);
  }

  @Test
  void allowsExtraPatternsAManagerAdds() {
    Codec<Object> codec = Codecs.forType(Object.class, loader, List.of(NotAllowed.class.getName()));
    assertThat(codec.decode(codec.encode(new NotAllowed("x")))).isEqualTo(new NotAllowed("x"));
  }

  @Test
  void anArrayOfSerializableIsAllowedAsHibernatesDisassembledStateIs() {
    Codec<Object> codec = Codecs.forType(Object.class, loader);
    Serializable[] state = {1L, "title"};
    assertThat((Serializable[]) codec.decode(codec.encode(state))).containsExactly(1L, "title");
  }

  @Test
  void allowsTheCachesDeclaredType() {
    Codec<NotAllowed> codec = Codecs.forType(NotAllowed.class, loader);
    assertThat(codec.decode(codec.encode(new NotAllowed("x")))).isEqualTo(new NotAllowed("x"));
  }

  @Test
  void honoursReadResolveSoSingletonsStaySingletons() {
    Codec<Singleton> codec = Codecs.forType(Singleton.class, loader);
    assertThat(codec.decode(codec.encode(Singleton.INSTANCE))).isSameAs(Singleton.INSTANCE);
  }

  @Test
  void garbageIsACodecExceptionNotACrash() {
    Codec<Object> codec = Codecs.forType(Object.class, loader);
    assertThatThrownBy(() -> codec.decode(new byte[] {1, 2, 3})).isInstanceOf(CodecException.class);
  }

  @Test
  void readsBackTheClassesItWroteButNoOthers() {
    Codec<Object> codec = Codecs.forType(Object.class, loader);
    Order order = new Order(List.of(new LineItem("tea", 2)), Status.OPEN);
    assertThat(codec.decode(codec.encode(order))).isEqualTo(order);
    byte[] planted = JavaSerializationCodec.trusted(loader).encode(new NotAllowed("payload"));
    assertThatThrownBy(() -> codec.decode(planted)).isInstanceOf(CodecException.class)
        .hasMessageContaining("refused to deserialize " + NotAllowed.class.getName());
  }

  @Test
  void anotherCodecOfTheSameCacheReadsWhatThisOneLearned() {
    SerializationRules rules = SerializationRules.of(loader, List.of());
    Codec<Object> writer = Codecs.forType(Object.class, rules);
    writer.encode(new NotAllowed("x"));
    Codec<Object> reader = Codecs.forType(Object.class, rules);
    byte[] planted = JavaSerializationCodec.trusted(loader).encode(new NotAllowed("y"));
    assertThat(reader.decode(planted)).isEqualTo(new NotAllowed("y"));
    assertThatThrownBy(() -> Codecs.forType(Object.class, loader).decode(planted))
        .isInstanceOf(CodecException.class);
  }

  @Test
  void aTypedCacheReadsTheClassesItsTypeDeclaresWithoutHavingWrittenThem() {
    Codec<Order> codec = Codecs.forType(Order.class, loader);
    Order order = new Order(List.of(new LineItem("tea", 2)), Status.SHIPPED);
    byte[] written = JavaSerializationCodec.trusted(loader).encode(order);
    assertThat(codec.decode(written)).isEqualTo(order);
  }

  @Test
  void classesLearnedOnDiskAreKnownAfterARestart(@TempDir Path directory) {
    Path file = directory.resolve("classes/objects.txt");
    Codec<Object> before = Codecs.forType(Object.class,
        new SerializationRules(loader, List.of(), LearnedClasses.persistedIn(file)));
    before.encode(new NotAllowed("x"));

    Codec<Object> after = Codecs.forType(Object.class,
        new SerializationRules(loader, List.of(), LearnedClasses.persistedIn(file)));
    byte[] stored = JavaSerializationCodec.trusted(loader).encode(new NotAllowed("y"));
    assertThat(after.decode(stored)).isEqualTo(new NotAllowed("y"));
  }

  @Test
  void aValueThatCouldNeverBeReadBackFailsWhenWritten() {
    Codec<Object> codec = Codecs.forType(Object.class, loader);
    assertThatThrownBy(() -> codec.encode(new NoUsableConstructor(1))).isInstanceOf(CodecException.class)
        .hasMessageContaining("cannot store a " + NoUsableConstructor.class.getName())
        .hasMessageContaining("would never read back")
        .hasMessageContaining("no-argument constructor");
  }

  @Test
  void aNonSerializableValueFailsWhenWrittenNamingTheClassAndTheFix() {
    Codec<Object> codec = Codecs.forType(Object.class, loader);
    assertThatThrownBy(() -> codec.encode(new ArrayList<>(List.of(new Object()))))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("java.lang.Object (held by it) does not implement java.io.Serializable")
        .hasMessageContaining("Make it Serializable");
  }

  @Test
  void dynamicProxiesAreNeverLearned() {
    Codec<Object> codec = Codecs.forType(Object.class, loader);
    Object proxy = java.lang.reflect.Proxy.newProxyInstance(loader, new Class<?>[] {Runnable.class, Serializable.class},
        new Handler());
    assertThatThrownBy(() -> codec.encode(proxy)).isInstanceOf(CodecException.class)
        .hasMessageContaining("would never read back");
  }

  record NotAllowed(String payload) implements Serializable {
  }

  enum Status { OPEN, SHIPPED }

  record LineItem(String product, int quantity) implements Serializable {
  }

  record Order(List<LineItem> items, Status status) implements Serializable {
  }

  static class Base {
    Base(int required) {
    }
  }

  /** Writes fine, but its first non-serializable superclass has no no-argument constructor to read it back with. */
  static final class NoUsableConstructor extends Base implements Serializable {
    NoUsableConstructor(int value) {
      super(value);
    }
  }

  static final class Handler implements java.lang.reflect.InvocationHandler, Serializable {
    @Override
    public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) {
      return null;
    }
  }

  static final class Singleton implements Serializable {
    static final Singleton INSTANCE = new Singleton();

    private Object readResolve() {
      return INSTANCE;
    }
  }
}
