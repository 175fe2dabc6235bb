package dev.cairn.examples.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.cache.CacheManager;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.cfg.Configuration;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hibernate ORM's second-level cache on Cairn through {@code hibernate-jcache}, configured only with Hibernate
 * properties and a Cairn configuration document: entity, collection, natural-id and query caches hit across
 * sessions, and updates and deletes invalidate them. Subclasses pick the store; on Redis and disk the document names
 * nothing but the store, and every class Hibernate caches still reads back.
 */
abstract class HibernateSecondLevelCacheTest {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final String BOOK_REGION = Book.class.getName();

  private SessionFactory sessionFactory;
  private Statistics statistics;

  /** The value of {@code hibernate.javax.cache.uri}: a resource name or URL of a Cairn configuration document. */
  abstract String cacheUri();

  @BeforeEach
  void openSessionFactory() {
    Properties settings = new Properties();
    settings.put("hibernate.connection.url", "jdbc:h2:mem:books" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    settings.put("hibernate.hbm2ddl.auto", "create-drop");
    settings.put("hibernate.generate_statistics", "true");
    settings.put("hibernate.cache.use_second_level_cache", "true");
    settings.put("hibernate.cache.use_query_cache", "true");
    settings.put("hibernate.cache.region.factory_class", "jcache");
    settings.put("hibernate.javax.cache.provider", "dev.cairn.cache.CairnCachingProvider");
    settings.put("hibernate.javax.cache.uri", cacheUri());
    settings.put("hibernate.javax.cache.missing_cache_strategy", "create");
    sessionFactory = new Configuration().addProperties(settings)
        .addAnnotatedClass(Author.class).addAnnotatedClass(Book.class)
        .buildSessionFactory();
    statistics = sessionFactory.getStatistics();
  }

  @AfterEach
  void closeSessionFactory() {
    // also clears what this test left in a shared store, so that each test starts cold
    sessionFactory.getCache().evictAllRegions();
    sessionFactory.close();
  }

  private <T> T fromTransaction(Function<Session, T> work) {
    return sessionFactory.fromTransaction(work);
  }

  private void inTransaction(Consumer<Session> work) {
    sessionFactory.inTransaction(work);
  }

  /** The book's title, read in a new session; {@code null} if there is no such book. */
  private String titleOf(Long bookId) {
    return fromTransaction(session -> {
      Book book = session.find(Book.class, bookId);
      return book == null ? null : book.getTitle();
    });
  }

  private Integer bookCountOf(Long authorId) {
    return fromTransaction(session -> session.find(Author.class, authorId).getBooks().size());
  }

  private Long[] saveAuthorWithBooks() {
    return fromTransaction(session -> {
      Author author = new Author("Le Guin");
      session.persist(author);
      Book first = new Book("The Dispossessed", author);
      Book second = new Book("The Lathe of Heaven", author);
      session.persist(first);
      session.persist(second);
      return new Long[] {author.getId(), first.getId(), second.getId()};
    });
  }

  @Test
  void entitiesAreReadFromTheCacheInALaterSession() {
    Long bookId = saveAuthorWithBooks()[1];
    sessionFactory.getCache().evictAllRegions();
    statistics.clear();

    assertThat(titleOf(bookId)).isEqualTo("The Dispossessed");
    assertThat(statistics.getDomainDataRegionStatistics(BOOK_REGION).getMissCount()).isEqualTo(1);
    assertThat(statistics.getDomainDataRegionStatistics(BOOK_REGION).getPutCount()).isEqualTo(1);

    assertThat(titleOf(bookId)).isEqualTo("The Dispossessed");
    assertThat(statistics.getDomainDataRegionStatistics(BOOK_REGION).getHitCount()).isEqualTo(1);
    assertThat(statistics.getPrepareStatementCount()).isEqualTo(1);
  }

  @Test
  void collectionsAreReadFromTheCacheInALaterSession() {
    Long authorId = saveAuthorWithBooks()[0];
    sessionFactory.getCache().evictAllRegions();
    statistics.clear();
    String role = Author.class.getName() + ".books";

    assertThat(bookCountOf(authorId)).isEqualTo(2);
    assertThat(statistics.getCollectionStatistics(role).getCacheMissCount()).isEqualTo(1);
    assertThat(statistics.getCollectionStatistics(role).getCachePutCount()).isEqualTo(1);
    long statements = statistics.getPrepareStatementCount();

    assertThat(bookCountOf(authorId)).isEqualTo(2);
    assertThat(statistics.getCollectionStatistics(role).getCacheHitCount()).isEqualTo(1);
    assertThat(statistics.getPrepareStatementCount()).isEqualTo(statements);
  }

  private List<String> titlesLike(String pattern) {
    return fromTransaction(session -> session.createQuery(
            "select b.title from Book b where b.title like :pattern order by b.title", String.class)
        .setParameter("pattern", pattern).setCacheable(true).getResultList());
  }

  @Test
  void queryResultsAreCachedUntilATableTheyReadChanges() {
    Long bookId = saveAuthorWithBooks()[1];
    statistics.clear();

    assertThat(titlesLike("The %")).containsExactly("The Dispossessed", "The Lathe of Heaven");
    assertThat(statistics.getQueryCacheMissCount()).isEqualTo(1);
    assertThat(statistics.getQueryCachePutCount()).isEqualTo(1);
    assertThat(titlesLike("The %")).containsExactly("The Dispossessed", "The Lathe of Heaven");
    assertThat(statistics.getQueryCacheHitCount()).isEqualTo(1);

    inTransaction(session -> session.find(Book.class, bookId).setTitle("The Word for World Is Forest"));

    assertThat(titlesLike("The %")).containsExactly("The Lathe of Heaven", "The Word for World Is Forest");
    assertThat(statistics.getQueryCacheHitCount()).isEqualTo(1);
    assertThat(statistics.getQueryCacheMissCount()).isEqualTo(2);
  }

  @Test
  void updatesAndDeletesReachTheCache() {
    Long bookId = saveAuthorWithBooks()[1];
    inTransaction(session -> session.find(Book.class, bookId).setTitle("Always Coming Home"));
    statistics.clear();

    assertThat(titleOf(bookId))
        .isEqualTo("Always Coming Home");
    assertThat(statistics.getDomainDataRegionStatistics(BOOK_REGION).getHitCount()).isEqualTo(1);

    inTransaction(session -> session.remove(session.find(Book.class, bookId)));
    statistics.clear();
    assertThat(titleOf(bookId)).isNull();
    // the cache holds Hibernate's lock for the deleted row, never the row itself
    assertThat(statistics.getDomainDataRegionStatistics(BOOK_REGION).getHitCount()).isZero();
  }

  private List<String> titlesOf(Genre genre, Edition edition) {
    return fromTransaction(session -> session.createQuery(
            "select b.title from Book b where b.genre = :genre and b.edition = :edition order by b.title", String.class)
        .setParameter("genre", genre).setParameter("edition", edition).setCacheable(true).getResultList());
  }

  @Test
  void queriesWithParametersOfUserTypesAreCached() {
    saveAuthorWithBooks();
    statistics.clear();
    Edition first = new Edition(1974, "Harper & Row");

    assertThat(titlesOf(Genre.NOVEL, first)).containsExactly("The Dispossessed", "The Lathe of Heaven");
    assertThat(statistics.getQueryCacheMissCount()).isEqualTo(1);
    assertThat(statistics.getQueryCachePutCount()).isEqualTo(1);
    assertThat(titlesOf(Genre.NOVEL, first)).containsExactly("The Dispossessed", "The Lathe of Heaven");
    assertThat(statistics.getQueryCacheHitCount()).isEqualTo(1);
    assertThat(titlesOf(Genre.ESSAY, first)).isEmpty();
    assertThat(statistics.getQueryCacheMissCount()).isEqualTo(2);
  }

  @Test
  void naturalIdLookupsAreReadFromTheCache() {
    saveAuthorWithBooks();
    statistics.clear();
    for (int i = 0; i < 2; i++) {
      String title = fromTransaction(session -> session.bySimpleNaturalId(Book.class).load("isbn:The Dispossessed")
          .getTitle());
      assertThat(title).isEqualTo("The Dispossessed");
    }
    assertThat(statistics.getNaturalIdStatistics(Book.class.getName()).getCacheHitCount()).isPositive();
  }

  /**
   * Every region holds only what reads back: entity, collection, natural-id and query keys and results (the query
   * keys with their parameter-binding mementos of a user enum and record), iterated entry by entry.
   */
  @Test
  void everyRegionCanBeIteratedAndEveryEntryReadsBack() {
    Long[] ids = saveAuthorWithBooks();
    assertThat(titlesOf(Genre.NOVEL, new Edition(1974, "Harper & Row"))).hasSize(2);
    assertThat(titlesLike("The %")).hasSize(2);
    assertThat(bookCountOf(ids[0])).isEqualTo(2);
    fromTransaction(session -> session.bySimpleNaturalId(Book.class).load("isbn:The Dispossessed"));

    CacheManager manager = cacheManager();
    List<String> withEntries = new java.util.ArrayList<>();
    long unreadable = 0;
    for (String name : manager.getCacheNames()) {
      javax.cache.Cache<Object, Object> cache = manager.getCache(name);
      int entries = 0;
      for (javax.cache.Cache.Entry<Object, Object> entry : cache) {
        assertThat(entry.getKey()).isNotNull();
        assertThat(entry.getValue()).isNotNull();
        entries++;
      }
      if (entries > 0) {
        withEntries.add(name);
      }
      unreadable += cache.unwrap(dev.cairn.cache.CairnCache.class).statistics().getUnreadableEntries();
    }
    assertThat(withEntries).contains(BOOK_REGION, Author.class.getName(), Author.class.getName() + ".books",
        "default-query-results-region", "default-update-timestamps-region");
    assertThat(withEntries).anyMatch(name -> name.contains("NaturalId"));
    assertThat(unreadable).isZero();
  }

  /** The JCache manager Hibernate's region factory opened. */
  CacheManager cacheManager() {
    RegionFactory regionFactory = sessionFactory.getSessionFactoryOptions().getServiceRegistry()
        .requireService(RegionFactory.class);
    return ((JCacheRegionFactory) regionFactory).getCacheManager();
  }

}
