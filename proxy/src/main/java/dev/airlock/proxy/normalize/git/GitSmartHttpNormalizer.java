package dev.airlock.proxy.normalize.git;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.normalize.GitPush;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.Normalizer;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.Verb;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * git over smart HTTP on any host: ref discovery, fetch and push. On github.com the tool is
 * {@code github} with the repository owner as recipient (so policies can tell repositories outside
 * the org's owners); elsewhere it is {@code git}, with the repository path as attribute.
 */
public final class GitSmartHttpNormalizer implements Normalizer {
  private static final String INFO_REFS = "/info/refs";
  private static final String UPLOAD_PACK = "/git-upload-pack";
  private static final String RECEIVE_PACK = "/git-receive-pack";

  private final ReceivePackParser parser;

  public GitSmartHttpNormalizer(ReceivePackParser parser) {
    this.parser = requireNonNull(parser, "parser");
  }

  @Override
  public Optional<ToolCall> normalize(InspectedRequest req) {
    String path = req.path();
    boolean github = isGitHub(req.host());
    if (req.method().equals("GET") && path.endsWith(INFO_REFS)) {
      String service = service(req.query());
      if (service.equals("git-upload-pack")) {
        return Optional.of(call(req, strip(path, INFO_REFS), "git_fetch", Verb.READ, null));
      }
      if (service.equals("git-receive-pack")) {
        return Optional.of(
            call(req, strip(path, INFO_REFS), "git_push_discovery", Verb.READ, null));
      }
      return Optional.empty();
    }
    if (!req.method().equals("POST")) {
      return Optional.empty();
    }
    if (path.endsWith(UPLOAD_PACK)
        && (github || req.mediaType().equals("application/x-git-upload-pack-request"))) {
      return Optional.of(call(req, strip(path, UPLOAD_PACK), "git_fetch", Verb.READ, null));
    }
    if (path.endsWith(RECEIVE_PACK)
        && (github || req.mediaType().equals("application/x-git-receive-pack-request"))) {
      GitPush push = req.bodyInspected() ? parser.parse(req.body()).orElse(null) : null;
      return Optional.of(call(req, strip(path, RECEIVE_PACK), "git_push", Verb.WRITE, push));
    }
    return Optional.empty();
  }

  private static ToolCall call(
      InspectedRequest req, String repoPath, String operation, Verb verb, GitPush push) {
    Map<String, String> attributes = new LinkedHashMap<>();
    String repo = repoPath.startsWith("/") ? repoPath.substring(1) : repoPath;
    repo = repo.endsWith(".git") ? repo.substring(0, repo.length() - 4) : repo;
    if (isGitHub(req.host())) {
      int slash = repo.indexOf('/');
      String owner = slash < 0 ? repo : repo.substring(0, slash);
      attributes.put("owner", owner);
      attributes.put("repo", slash < 0 ? "" : repo.substring(slash + 1));
      return new ToolCall("github", operation, verb, push, List.of(owner), attributes);
    }
    attributes.put("repo", repo);
    return new ToolCall("git", operation, verb, push, List.of(), attributes);
  }

  private static boolean isGitHub(String host) {
    return host.equals("github.com") || host.equals("www.github.com");
  }

  private static String strip(String path, String suffix) {
    return path.substring(0, path.length() - suffix.length());
  }

  private static String service(String query) {
    if (query == null) {
      return "";
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("service=")) {
        return pair.substring("service=".length());
      }
    }
    return "";
  }
}
