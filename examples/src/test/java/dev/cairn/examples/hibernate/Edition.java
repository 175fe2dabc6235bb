package dev.cairn.examples.hibernate;

import jakarta.persistence.Embeddable;
import java.io.Serializable;

/** A user record, embedded in {@link Book} and bound as a query parameter. */
@Embeddable
public record Edition(int printing, String publisher) implements Serializable {
}
