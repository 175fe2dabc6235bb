package dev.cairn.cache.store.memory;

import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreContractTest;
import java.util.Properties;

class MemoryStoreContractTest extends StoreContractTest {

  @Override
  protected StoreBackend openBackend() {
    return new MemoryStoreProvider().open(MemoryStoreProvider.DEFAULT_URI, new Properties(),
        getClass().getClassLoader());
  }
}
