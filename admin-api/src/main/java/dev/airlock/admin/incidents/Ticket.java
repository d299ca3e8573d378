package dev.airlock.admin.incidents;

/**
 * A ticket filed in an external tracker.
 *
 * @param system jira or linear
 * @param key the ticket's key (e.g. SEC-42, ENG-7)
 * @param url where a person opens it
 */
public record Ticket(String system, String key, String url) {}
