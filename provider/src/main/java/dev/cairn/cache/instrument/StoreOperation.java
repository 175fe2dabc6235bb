package dev.cairn.cache.instrument;

/**
 * The {@link dev.cairn.cache.store.Store} SPI's operations, as {@link StoreCalls} reports them. {@link #tagValue()}
 * is the SPI method's name, which the Spring Boot starter uses as its {@code operation} tag.
 */
public enum StoreOperation {
  GET("get"),
  READ("read"),
  CONTAINS_KEY("containsKey"),
  WRITE("write"),
  REMOVE("remove"),
  EXPIRE("expire"),
  KEYS("keys"),
  CLEAR("clear"),
  GET_ALL("getAll"),
  PUT_ALL("putAll"),
  REMOVE_ALL("removeAll");

  private final String tagValue;

  StoreOperation(String tagValue) {
    this.tagValue = tagValue;
  }

  /** The name of the {@code Store} method, such as {@code get} or {@code putAll}. */
  public String tagValue() {
    return tagValue;
  }
}
