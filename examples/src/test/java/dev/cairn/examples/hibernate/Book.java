package dev.cairn.examples.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;

/**
 * An entity in the second-level cache, in a region the configuration document gives a time to live, with a cached
 * natural id and a user enum and record that queries bind.
 */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
@NaturalIdCache
public class Book {

  @Id
  @GeneratedValue
  private Long id;

  @NaturalId
  private String isbn;

  private String title;

  @Enumerated(EnumType.STRING)
  private Genre genre;

  @Embedded
  private Edition edition;

  @ManyToOne
  private Author author;

  protected Book() {
  }

  public Book(String title, Author author) {
    this(title, author, Genre.NOVEL, new Edition(1974, "Harper & Row"));
  }

  public Book(String title, Author author, Genre genre, Edition edition) {
    this.isbn = "isbn:" + title;
    this.title = title;
    this.author = author;
    this.genre = genre;
    this.edition = edition;
  }

  public Long getId() {
    return id;
  }

  public String getIsbn() {
    return isbn;
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }
}
