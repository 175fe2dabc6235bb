package dev.cairn.examples.hibernate;

/** A user enum that queries bind as a parameter, so it travels in the query cache's keys. */
public enum Genre {
  NOVEL, ESSAY
}
