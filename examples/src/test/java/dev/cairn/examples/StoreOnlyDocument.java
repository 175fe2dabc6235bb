package dev.cairn.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration document of a user who configures nothing: one line, {@code store: <uri>}. The examples run on
 * Redis and disk with it, to show that the defaults work.
 */
public final class StoreOnlyDocument {

  private StoreOnlyDocument() {
  }

  /** Writes the document into {@code directory} and returns its {@code file:} URI. */
  public static URI write(Path directory, String store) {
    try {
      Path document = directory.resolve("cairn-" + Math.abs(store.hashCode()) + ".yaml");
      Files.writeString(document, "store: " + store + "\n", StandardCharsets.UTF_8);
      return document.toUri();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code disk:} URI of a data directory under {@code directory}. */
  public static String disk(Path directory) {
    return "disk:" + directory.resolve("data").toUri().getRawPath();
  }
}
