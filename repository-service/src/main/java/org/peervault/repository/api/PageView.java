package org.peervault.repository.api;

import java.util.List;
import java.util.function.Function;
import org.peervault.repository.Listing;

/**
 * One page of a list, as every list endpoint returns it.
 *
 * @param items the items of this page
 * @param page this page's number, 0-based
 * @param size the requested page size
 * @param total items in the whole list
 * @param <T> the view type
 */
public record PageView<T>(List<T> items, int page, int size, long total) {

  /** The page of views of a domain listing. */
  public static <E, T> PageView<T> of(Listing<E> listing, PageParams params,
      Function<E, T> view) {
    return new PageView<>(listing.items().stream().map(view).toList(), params.page, params.size,
        listing.total());
  }

  /** A page cut from a complete in-memory list. */
  public static <T> PageView<T> slice(List<T> all, PageParams params) {
    long from = (long) params.page * params.size;
    List<T> items = from >= all.size() ? List.of()
        : all.subList((int) from, (int) Math.min(all.size(), from + params.size));
    return new PageView<>(items, params.page, params.size, all.size());
  }
}
