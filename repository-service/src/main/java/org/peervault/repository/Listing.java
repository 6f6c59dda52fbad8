package org.peervault.repository;

import java.util.List;

/**
 * One page of a longer list, and how many items the whole list has.
 *
 * @param items the items of the page, in the list's order
 * @param total items in the whole list (all pages)
 * @param <T> the item type
 */
public record Listing<T>(List<T> items, long total) {

  public Listing {
    items = List.copyOf(items);
  }

  /** The first item index of page {@code page} (0-based) of size {@code size}. */
  public static int offset(int page, int size) {
    return Math.multiplyExact(page, size);
  }
}
