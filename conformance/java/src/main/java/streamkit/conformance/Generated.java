package streamkit.conformance;

/** Twins of conformance/scenarios/generated.ts. */
public final class Generated {}
