package dev.airlock.admin.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trigger settings in force on this node: airlock.yaml's, with the document stored through the
 * API laid over them. {@link #run} reloads the stored document (at start and on its notification).
 */
public final class LiveRules implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveRules.class);

  private final IncidentRules fromFile;
  private final IncidentRepository incidents;
  private final AtomicReference<IncidentRules> current;
  /** The enabled triggers of {@link #current}, computed once per change rather than per trace. */
  private volatile List<IncidentTrigger> enabled;

  public LiveRules(IncidentRules fromFile, IncidentRepository incidents) {
    this.fromFile = fromFile;
    this.incidents = incidents;
    this.current = new AtomicReference<>(fromFile);
    this.enabled = fromFile.enabled();
  }

  public IncidentRules current() {
    return current.get();
  }

  List<IncidentTrigger> enabled() {
    return enabled;
  }

  private void install(IncidentRules rules) {
    enabled = rules.enabled();
    current.set(rules);
  }

  /** The file's settings with {@code stored} over them. */
  public IncidentRules resolve(JsonNode stored) {
    return fromFile.with(stored, "settings");
  }

  @Override
  public void run() {
    JsonNode stored = incidents.storedRules().orElse(null);
    try {
      install(resolve(stored));
    } catch (IllegalArgumentException e) {
      // Stored documents are validated before they are stored; a file changed since can clash.
      LOG.warn("stored incident settings ignored: {}", e.getMessage());
      install(fromFile);
    }
  }
}
