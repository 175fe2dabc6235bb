package dev.cairn.examples.boot;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** An application service with a cached method; nothing in it knows about Cairn. */
@Service
public class Greeter {

  private final AtomicInteger calls = new AtomicInteger();

  @Cacheable("greetings")
  public String greet(String name) {
    calls.incrementAndGet();
    return "Hello, " + name;
  }

  public int calls() {
    return calls.get();
  }
}
