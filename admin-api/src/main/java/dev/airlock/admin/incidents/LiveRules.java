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
  private final StoredRules stored;
  private final AtomicReference<IncidentRules> current;
  /** The enabled triggers of {@link #current}, computed once per change rather than per trace. */
  private volatile List<IncidentTrigger> enabled;

  public LiveRules(IncidentRules fromFile, StoredRules stored) {
    this.fromFile = fromFile;
    this.stored = stored;
    this.current = new AtomicReference<>(fromFile);
    this.enabled = fromFile.enabled();
  }

  /** Where changes made through the API are stored. */
  public StoredRules stored() {
    return stored;
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
    JsonNode doc = stored.load().orElse(null);
    try {
      install(resolve(doc));
    } catch (IllegalArgumentException e) {
      // Stored documents are validated before they are stored; a file changed since can clash.
      LOG.warn("stored incident settings ignored: {}", e.getMessage());
      install(fromFile);
    }
  }
}
