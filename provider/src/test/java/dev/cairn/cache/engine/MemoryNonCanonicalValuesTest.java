package dev.cairn.cache.engine;

import java.net.URI;
import java.util.UUID;

/** The non-canonical values contract on the memory store, the reference the other stores must match. */
class MemoryNonCanonicalValuesTest extends NonCanonicalValuesContractTest {
  @Override
  protected URI managerUri() {
    return URI.create("memory:values-" + UUID.randomUUID());
  }
}
