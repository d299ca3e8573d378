package dev.airlock.proxy.normalize.body;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamesTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "bookmarks.add, bookmarks_add",
      "chat.scheduleMessage, chat_schedule_message",
      "createIssue, create_issue",
      "addPullRequestReview, add_pull_request_review",
      "users.getPresence, users_get_presence",
      "admin.conversations.setTeams, admin_conversations_set_teams",
      "team.billing.info, team_billing_info"})
  void snakeCase(String name, String expected) {
    assertThat(Names.snakeCase(name)).isEqualTo(expected);
  }
}
