package dev.airlock.bench.jmh;

import dev.airlock.proxy.normalize.Verb;
import java.util.List;

/**
 * One tool operation as the normalizers report it, with a typical request line.
 *
 * @param tool tool name
 * @param operation operation name
 * @param verb READ/WRITE/ADMIN
 * @param host destination host
 * @param method HTTP method
 * @param path request path
 */
record Endpoint(String tool, String operation, Verb verb, String host, String method, String path) {

  /** The tools agents talk to; the last three are hosts only the fallback normalizer knows. */
  static final List<Endpoint> ALL = List.of(
      of("slack", "post_message", Verb.WRITE, "slack.com", "POST", "/api/chat.postMessage"),
      of("slack", "read_history", Verb.READ, "slack.com", "GET", "/api/conversations.history"),
      of("slack", "upload_file", Verb.WRITE, "files.slack.com", "POST", "/upload/v1/ABC123"),
      of("slack", "list_channels", Verb.READ, "slack.com", "GET", "/api/conversations.list"),
      of("discord", "send_message", Verb.WRITE, "discord.com", "POST", "/api/v10/channels/1234/messages"),
      of("teams", "send_message", Verb.WRITE, "graph.microsoft.com", "POST", "/v1.0/chats/19:abc/messages"),
      of("telegram", "send_message", Verb.WRITE, "api.telegram.org", "POST", "/bot/sendMessage"),
      of("github", "create_issue", Verb.WRITE, "api.github.com", "POST", "/repos/acme/web/issues"),
      of("github", "get_repo", Verb.READ, "api.github.com", "GET", "/repos/acme/web"),
      of("github", "list_issues", Verb.READ, "api.github.com", "GET", "/repos/acme/web/issues"),
      of("github", "create_pull_request", Verb.WRITE, "api.github.com", "POST", "/repos/acme/web/pulls"),
      of("github", "delete_repo", Verb.ADMIN, "api.github.com", "DELETE", "/repos/acme/web"),
      of("github", "add_collaborator", Verb.ADMIN, "api.github.com", "PUT", "/repos/acme/web/collaborators/x"),
      of("git", "git_push", Verb.WRITE, "github.com", "POST", "/acme/web.git/git-receive-pack"),
      of("git", "git_fetch", Verb.READ, "github.com", "POST", "/acme/web.git/git-upload-pack"),
      of("jira", "create_issue", Verb.WRITE, "acme.atlassian.net", "POST", "/rest/api/3/issue"),
      of("jira", "search", Verb.READ, "acme.atlassian.net", "GET", "/rest/api/3/search"),
      of("jira", "add_comment", Verb.WRITE, "acme.atlassian.net", "POST", "/rest/api/3/issue/WEB-12/comment"),
      of("notion", "create_page", Verb.WRITE, "api.notion.com", "POST", "/v1/pages"),
      of("notion", "query_database", Verb.READ, "api.notion.com", "POST", "/v1/databases/abc/query"),
      of("openai", "chat_completion", Verb.WRITE, "api.openai.com", "POST", "/v1/chat/completions"),
      of("openai", "create_embedding", Verb.WRITE, "api.openai.com", "POST", "/v1/embeddings"),
      of("anthropic", "chat_completion", Verb.WRITE, "api.anthropic.com", "POST", "/v1/messages"),
      of("gmail", "send_email", Verb.WRITE, "gmail.googleapis.com", "POST", "/gmail/v1/users/me/messages/send"),
      of("gmail", "list_messages", Verb.READ, "gmail.googleapis.com", "GET", "/gmail/v1/users/me/messages"),
      of("salesforce", "query", Verb.READ, "acme.my.salesforce.com", "GET", "/services/data/v60.0/query"),
      of("salesforce", "update_record", Verb.WRITE, "acme.my.salesforce.com", "PATCH", "/services/data/v60.0/sobjects/Account/1"),
      of("stripe", "create_refund", Verb.WRITE, "api.stripe.com", "POST", "/v1/refunds"),
      of("stripe", "list_customers", Verb.READ, "api.stripe.com", "GET", "/v1/customers"),
      of("s3", "put_object", Verb.WRITE, "acme-reports.s3.amazonaws.com", "PUT", "/2024/q3/summary.csv"),
      of("s3", "get_object", Verb.READ, "acme-reports.s3.amazonaws.com", "GET", "/2024/q3/summary.csv"),
      of("pypi.org", "http_get", Verb.READ, "pypi.org", "GET", "/simple/requests/"),
      of("wikipedia.org", "http_get", Verb.READ, "en.wikipedia.org", "GET", "/wiki/Egress_filtering"),
      of("pastebin.com", "http_post", Verb.WRITE, "pastebin.com", "POST", "/api/api_post.php"));

  private static Endpoint of(String tool, String op, Verb verb, String host, String method, String path) {
    return new Endpoint(tool, op, verb, host, method, path);
  }
}
