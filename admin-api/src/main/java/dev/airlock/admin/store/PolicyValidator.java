package dev.airlock.admin.store;

/**
 * Turns policy text (JSON or YAML) into what the store keeps. Production uses {@link
 * ParserPolicyValidator}; the seam exists so the store can be tested on its own.
 */
@FunctionalInterface
public interface PolicyValidator {
  /**
   * @throws dev.airlock.proxy.policy.PolicyException naming the JSON path of the first problem
   */
  ValidatedPolicy validate(String text);
}
