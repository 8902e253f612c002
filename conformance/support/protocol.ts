// The JSON both runners produce: the Java harness (conformance/java) and the TypeScript runner (run-ts.ts).
// Keys and values of records are hex of their bytes; store entries are JSON.
export interface RunRequest {
  /** Unique per run (a generated scenario runs many times). */
  readonly id: string;
  /** The topology: the scenario id (Java method name in camelCase). */
  readonly scenario: string;
  readonly steps: ReadonlyArray<
    { topic: string; key: string | null; value: string | null; timestamp: number } | { advanceMs: number }
  >;
  readonly outputs: readonly string[];
  readonly stores: ReadonlyArray<{ name: string; kind: string; keys?: readonly string[]; asOf?: readonly number[] }>;
  /** Error handlers replacing LogAndFail: `continue` = LogAndContinue. */
  readonly handlers?: { readonly processing?: 'continue'; readonly deserialization?: 'continue' };
}

export interface RawRecord {
  readonly key: string | null;
  readonly value: string | null;
  readonly timestamp: number;
}

export interface RunResult {
  readonly id: string;
  readonly outputs: Record<string, RawRecord[]>;
  readonly stores: Record<string, Array<{ key: unknown; value: unknown }>>;
  /** The error that stopped processing (the rest of the script was not piped), or null. */
  readonly error: string | null;
  /** The topology could not be built (missing Java method, invalid topology). */
  readonly setupError?: string;
}
