package dev.cairn.examples.spring;

import java.io.Serializable;

/** A cached value. */
public record Book(String isbn, String title) implements Serializable {
}
