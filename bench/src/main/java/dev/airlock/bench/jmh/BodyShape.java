package dev.airlock.bench.jmh;

/** The kind of JSON request body a benchmark inspects. */
public enum BodyShape {
  /** Slack chat.postMessage with mrkdwn blocks. */
  SLACK,
  /** OpenAI chat completion with a message history. */
  OPENAI
}
