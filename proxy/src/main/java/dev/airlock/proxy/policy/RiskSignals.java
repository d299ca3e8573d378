package dev.airlock.proxy.policy;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * How a decision's risk came about, as the trace stores it ({@code risk_signals}): every signal of
 * {@link RiskSignal} by wire name with the weight it contributed (0 when absent), then {@value
 * #RAW_RISK} (the noisy-OR of the weights), {@value #TRUST} (the agent's trust) and {@value
 * #SCRUTINY} (the multiplier applied). The decision's risk score is the effective risk computed
 * from them. A read-only map over a bit mask: building one per decision costs one small object;
 * the entries are materialized only when the trace is written.
 */
public final class RiskSignals extends AbstractMap<String, Double> {
  public static final String RAW_RISK = "raw_risk";
  public static final String TRUST = "trust";
  public static final String SCRUTINY = "scrutiny_multiplier";
  private static final RiskSignal[] SIGNALS = RiskSignal.values();

  private final RiskModel model;
  private final int mask;
  private final double raw;
  private final double effective;
  private final double trust;
  private final double multiplier;
  private Set<Entry<String, Double>> entries;

  private RiskSignals(RiskModel model, int mask, double raw, double effective, double trust, double multiplier) {
    this.model = model;
    this.mask = mask;
    this.raw = raw;
    this.effective = effective;
    this.trust = trust;
    this.multiplier = multiplier;
  }

  /**
   * @param trust the agent's trust, or a negative number to leave {@value #TRUST} and {@value
   *     #SCRUTINY} out (a score of the request alone)
   */
  static RiskSignals of(RiskModel model, int mask, double raw, double effective, double trust, double multiplier) {
    return new RiskSignals(model, mask, raw, effective, trust, multiplier);
  }

  /** Whether the signal was present. */
  public boolean present(RiskSignal signal) {
    return (mask & (1 << signal.ordinal())) != 0;
  }

  public double raw() {
    return raw;
  }

  public double effective() {
    return effective;
  }

  /** The signals alone, in declaration order: what {@link RiskAssessment} lists. */
  Map<String, Double> signalMap() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (RiskSignal s : SIGNALS) {
      out.put(s.wireName(), present(s) ? model.weight(s) : 0.0);
    }
    return out;
  }

  @Override
  public Double get(Object key) {
    if (!(key instanceof String name)) {
      return null;
    }
    RiskSignal s = RiskSignal.ofWireName(name);
    if (s != null) {
      return present(s) ? model.weight(s) : 0.0;
    }
    return switch (name) {
      case RAW_RISK -> raw;
      case TRUST -> trust < 0 ? null : trust;
      case SCRUTINY -> trust < 0 ? null : multiplier;
      default -> null;
    };
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  private int extras() {
    return trust < 0 ? 1 : 3;
  }

  @Override
  public int size() {
    return SIGNALS.length + extras();
  }

  @Override
  public Set<Entry<String, Double>> entrySet() {
    if (entries == null) {
      entries = new AbstractSet<>() {
        @Override
        public Iterator<Entry<String, Double>> iterator() {
          return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
              return i < size();
            }

            @Override
            public Entry<String, Double> next() {
              if (!hasNext()) {
                throw new NoSuchElementException();
              }
              int at = i++;
              if (at < SIGNALS.length) {
                RiskSignal s = SIGNALS[at];
                return new SimpleImmutableEntry<>(s.wireName(), present(s) ? model.weight(s) : 0.0);
              }
              return switch (at - SIGNALS.length) {
                case 0 -> new SimpleImmutableEntry<>(RAW_RISK, raw);
                case 1 -> new SimpleImmutableEntry<>(TRUST, trust);
                default -> new SimpleImmutableEntry<>(SCRUTINY, multiplier);
              };
            }
          };
        }

        @Override
        public int size() {
          return RiskSignals.this.size();
        }
      };
    }
    return entries;
  }
}
