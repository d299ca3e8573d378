package dev.airlock.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Builds Slack chat.postMessage and OpenAI chat completion bodies of an exact size: an array of
 * prose messages of varying length, with the given sensitive phrases spread over the messages.
 */
final class JsonBodies {
  /** Message lengths cycle through these, like a thread mixing short and long messages. */
  private static final int[] LENGTHS = {420, 180, 760, 300, 540, 950, 240, 610};
  private static final int MIN_LENGTH = 60;

  private JsonBodies() {}

  static JsonBody build(BodyShape shape, int size, List<String> phrases) {
    return switch (shape) {
      case SLACK -> new JsonBody("slack.com", "/api/chat.postMessage", json(
          "{\"channel\":\"C04QX7H2B1Z\",\"unfurl_links\":false,\"mrkdwn\":true,\"blocks\":[",
          i -> "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"%s\"}}",
          "],\"text\":\"Weekly engineering update\",\"reply_broadcast\":false}",
          size, phrases));
      case OPENAI -> new JsonBody("api.openai.com", "/v1/chat/completions", json(
          "{\"model\":\"gpt-4o-mini\",\"temperature\":0.2,\"max_tokens\":512,\"stream\":false,\"messages\":[",
          i -> "{\"role\":\"" + (i == 0 ? "system" : i % 2 == 1 ? "user" : "assistant")
              + "\",\"content\":\"%s\"}",
          "],\"n\":1,\"top_p\":0.95,\"presence_penalty\":0.1}",
          size, phrases));
    };
  }

  /** @param item the JSON of message i, with {@code %s} where its text goes */
  private static String json(
      String head, IntFunction<String> item, String tail, int size, List<String> phrases) {
    List<String> templates = new ArrayList<>();
    List<Integer> lengths = new ArrayList<>();
    int budget = size - head.length() - tail.length();
    for (int i = 0; budget > 0; i++) {
      String template = item.apply(i);
      int overhead = template.length() - 2 + (i == 0 ? 0 : 1);
      int length = LENGTHS[i % LENGTHS.length];
      if (budget - overhead - length < overhead + 1 + MIN_LENGTH) {
        length = budget - overhead;
      }
      if (length < MIN_LENGTH) {
        throw new IllegalArgumentException("size: " + size + " (expected: room for one message)");
      }
      templates.add(template);
      lengths.add(length);
      budget -= overhead + length;
    }
    Prose prose = Prose.load(size);
    StringBuilder out = new StringBuilder(size).append(head);
    for (int i = 0; i < templates.size(); i++) {
      String text = text(prose, lengths.get(i), phrasesOf(i, templates.size(), phrases));
      out.append(i == 0 ? "" : ",").append(String.format(templates.get(i), text));
    }
    String json = out.append(tail).toString();
    if (json.length() != size) {
      throw new IllegalStateException("built " + json.length() + " bytes (expected: " + size + ")");
    }
    return json;
  }

  /** The phrases that go into message i: phrase j lands in message (j + 1) * n / (k + 1). */
  private static List<String> phrasesOf(int i, int n, List<String> phrases) {
    List<String> mine = new ArrayList<>();
    for (int j = 0; j < phrases.size(); j++) {
      if (Math.min(n - 1, (j + 1) * n / (phrases.size() + 1)) == i) {
        mine.add(phrases.get(j));
      }
    }
    return mine;
  }

  /** Prose of exactly {@code length} characters with the phrases set apart by spaces. */
  private static String text(Prose prose, int length, List<String> phrases) {
    int prose0 = length;
    for (String p : phrases) {
      prose0 -= p.length() + 2;
    }
    if (prose0 < phrases.size() + 1) {
      throw new IllegalArgumentException("message of " + length + " characters cannot hold " + phrases);
    }
    int piece = prose0 / (phrases.size() + 1);
    StringBuilder out = new StringBuilder(length);
    for (String p : phrases) {
      out.append(prose.text(piece)).append(' ').append(p).append(' ');
    }
    return out.append(prose.text(length - out.length())).toString();
  }
}
