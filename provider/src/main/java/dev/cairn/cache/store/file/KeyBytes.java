package dev.cairn.cache.store.file;

import java.util.Arrays;

/** A key's encoded bytes as an index key: equal when the bytes are equal. */
record KeyBytes(byte[] bytes, int hash) {

  KeyBytes(byte[] bytes) {
    this(bytes, Arrays.hashCode(bytes));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KeyBytes key && hash == key.hash && Arrays.equals(bytes, key.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "KeyBytes[" + bytes.length + " bytes]";
  }
}
