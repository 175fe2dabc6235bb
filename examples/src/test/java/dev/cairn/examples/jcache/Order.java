package dev.cairn.examples.jcache;

import java.io.Serializable;
import java.util.List;

/** An application value that holds other application classes: a list of {@link LineItem}s and an enum. */
public record Order(String customer, List<LineItem> items, Status status) implements Serializable {

  /** Where an order is. */
  public enum Status { OPEN, SHIPPED }

  /** One line of an order. */
  public record LineItem(String product, int quantity) implements Serializable {
  }
}
