package dev.cairn.examples.spring;

import java.net.URI;

/** Spring's caching on the memory store. */
class SpringMemoryTest extends SpringCacheTest {

  @Override
  URI document() {
    return URI.create("classpath:dev/cairn/examples/spring/cairn-spring.yaml");
  }
}
