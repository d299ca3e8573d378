package dev.airlock.admin.store;

import java.util.List;

/**
 * One page of approvals.
 *
 * @param total how many approvals match the query's filters, on every page together
 * @param next where the next page starts; null on the last page
 */
public record ApprovalPage(List<Approval> items, long total, KeysetCursor next) {
  public ApprovalPage {
    items = List.copyOf(items);
  }
}
