package dev.airlock.bench.peers;

/** A peer that is up: how to reach it, and the process to stop afterwards. */
public record Started(SystemUnderTest system, ManagedProcess process) {}
