package dev.airlock.admin.store;

import java.util.List;

/**
 * One page of a list.
 *
 * @param items the page, in list order
 * @param total how many items match the query, on every page
 * @param more whether items follow the last one of this page
 */
public record ListPage<T>(List<T> items, long total, boolean more) {
  public ListPage {
    items = List.copyOf(items);
  }

  /** The last item of a page that has a next one, else null. */
  public T continueAfter() {
    return more && !items.isEmpty() ? items.get(items.size() - 1) : null;
  }
}
