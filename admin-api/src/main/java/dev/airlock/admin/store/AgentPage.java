package dev.airlock.admin.store;

import java.util.List;

/**
 * One page of agents.
 *
 * @param total how many agents match the query's filters, on every page together
 * @param next where the next page starts; null on the last page
 */
public record AgentPage(List<Agent> items, long total, KeysetCursor next) {
  public AgentPage {
    items = List.copyOf(items);
  }
}
