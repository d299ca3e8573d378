package dev.airlock.admin.incidents;

/**
 * An issue filed in a ticket system.
 *
 * @param system jira or linear
 * @param key the key (e.g. SEC-42, ENG-7)
 * @param url where a person opens it
 */
public record Ticket(String system, String key, String url) {}
