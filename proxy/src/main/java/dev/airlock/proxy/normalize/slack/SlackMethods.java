package dev.airlock.proxy.normalize.slack;

import dev.airlock.proxy.normalize.Verb;
import dev.airlock.proxy.normalize.body.Names;
import java.util.Map;

/** Maps Slack Web API method names (chat.postMessage) to operations and verbs. */
final class SlackMethods {
  /** An operation and its verb. */
  record Operation(String name, Verb verb) {}

  private static final Map<String, Operation> KNOWN = Map.ofEntries(
      Map.entry("chat.postMessage", write("post_message")),
      Map.entry("chat.postEphemeral", write("post_message")),
      Map.entry("chat.scheduleMessage", write("post_message")),
      Map.entry("chat.meMessage", write("post_message")),
      Map.entry("chat.update", write("update_message")),
      Map.entry("chat.delete", write("delete_message")),
      Map.entry("chat.deleteScheduledMessage", write("delete_message")),
      Map.entry("files.upload", write("upload_file")),
      Map.entry("files.getUploadURLExternal", write("upload_file")),
      Map.entry("files.completeUploadExternal", write("upload_file")),
      Map.entry("files.remote.add", write("upload_file")),
      Map.entry("files.sharedPublicURL", new Operation("share_file_public", Verb.ADMIN)),
      Map.entry("conversations.history", read("read_messages")),
      Map.entry("conversations.replies", read("read_messages")),
      Map.entry("conversations.list", read("list_channels")),
      Map.entry("users.conversations", read("list_channels")),
      Map.entry("conversations.info", read("read_channel")),
      Map.entry("conversations.members", read("read_channel")),
      Map.entry("conversations.invite", admin("invite_to_channel")),
      Map.entry("conversations.inviteShared", admin("invite_to_channel")),
      Map.entry("conversations.acceptSharedInvite", admin("accept_shared_invite")),
      Map.entry("conversations.create", admin("create_channel")),
      Map.entry("conversations.kick", admin("remove_from_channel")),
      Map.entry("conversations.archive", admin("archive_channel")),
      Map.entry("users.list", read("read_users")),
      Map.entry("users.info", read("read_users")),
      Map.entry("users.lookupByEmail", read("read_users")),
      Map.entry("reactions.add", write("add_reaction")),
      Map.entry("reactions.remove", write("remove_reaction")),
      Map.entry("search.messages", read("search_messages")),
      Map.entry("search.all", read("search_messages")));

  private SlackMethods() {}

  static Operation operation(String method) {
    Operation known = KNOWN.get(method);
    if (known != null) {
      return known;
    }
    if (method.startsWith("admin.")) {
      return admin("admin_" + Names.snakeCase(method.substring("admin.".length())));
    }
    return new Operation(Names.snakeCase(method), verbByName(method));
  }

  /** Slack names reading methods consistently: users.list, team.info, users.getPresence. */
  private static Verb verbByName(String method) {
    String last = method.substring(method.lastIndexOf('.') + 1);
    for (String prefix : new String[] {"list", "info", "history", "get", "replies", "lookup"}) {
      if (last.startsWith(prefix)) {
        return Verb.READ;
      }
    }
    return method.startsWith("search.") || method.endsWith(".test") ? Verb.READ : Verb.WRITE;
  }

  private static Operation read(String name) {
    return new Operation(name, Verb.READ);
  }

  private static Operation write(String name) {
    return new Operation(name, Verb.WRITE);
  }

  private static Operation admin(String name) {
    return new Operation(name, Verb.ADMIN);
  }
}
