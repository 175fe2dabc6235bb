package dev.cairn.examples.spring;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;

/**
 * A slow lookup behind Spring's cache annotations ({@code books}) and JSR-107's ({@code isbn}); {@link #calls}
 * counts the lookups that reached it.
 */
public class BookService {

  private final AtomicInteger calls = new AtomicInteger();
  private final Map<String, Book> shelf = new ConcurrentHashMap<>(Map.of(
      "978-0-06-051275-3", new Book("978-0-06-051275-3", "The Dispossessed")));

  /** How many calls reached the method bodies (a method, so that Spring's proxy passes it on). */
  public int calls() {
    return calls.get();
  }

  @Cacheable("books")
  public Book find(String isbn) {
    calls.incrementAndGet();
    return shelf.get(isbn);
  }

  @CachePut(cacheNames = "books", key = "#p0.isbn()")
  public Book save(Book book) {
    calls.incrementAndGet();
    shelf.put(book.isbn(), book);
    return book;
  }

  @CacheEvict(cacheNames = "books", allEntries = true)
  public void reshelve() {
  }

  @CacheResult(cacheName = "isbn")
  public Book lookUp(String isbn) {
    calls.incrementAndGet();
    return shelf.get(isbn);
  }

  @CacheRemove(cacheName = "isbn")
  public void forget(@CacheKey String isbn) {
  }

  @CacheRemoveAll(cacheName = "isbn")
  public void forgetAll() {
  }
}
