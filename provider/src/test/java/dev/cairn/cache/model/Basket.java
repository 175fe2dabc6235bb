package dev.cairn.cache.model;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * An application value as a user's code would have one: a record holding a list of another application class and
 * an application enum. Java serialization decodes these only if the allow-list admits them (see
 * {@link CacheModelTest}).
 *
 * @param owner who the basket belongs to
 * @param items the items, in order
 * @param grade the basket's grade
 */
record Basket(String owner, List<Item> items, Grade grade) implements Serializable {

  /** The grades a basket has. */
  enum Grade { PLAIN, GOLD }

  /** An item: a plain mutable-looking class with value equality, as much application code still writes. */
  static final class Item implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final int quantity;

    Item(String name, int quantity) {
      this.name = name;
      this.quantity = quantity;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Item item && item.name.equals(name) && item.quantity == quantity;
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, quantity);
    }

    @Override
    public String toString() {
      return name + "x" + quantity;
    }
  }
}
