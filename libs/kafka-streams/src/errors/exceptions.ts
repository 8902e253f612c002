// Errors the library throws. Each names what failed (node, topic, task) so the message alone is actionable.

export class StreamsError extends Error {
  override readonly name: string = 'StreamsError';
}

/** A serde could not turn a value into bytes or bytes into a value (Java: SerializationException). */
export class SerializationError extends StreamsError {
  override readonly name = 'SerializationError';
}

/** The topology is not valid; `problems` lists every problem found, not just the first. */
export class TopologyValidationError extends StreamsError {
  override readonly name = 'TopologyValidationError';
  constructor(readonly problems: ReadonlyArray<string>) {
    super(`Invalid topology:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** A feature that is declared in the API but arrives in a later part of the library. */
export class NotYetSupportedError extends StreamsError {
  override readonly name = 'NotYetSupportedError';
}

/** A timestamp extractor returned a negative or non-finite timestamp. */
export class InvalidTimestampError extends StreamsError {
  override readonly name = 'InvalidTimestampError';
}

/**
 * A task cannot go on: an error handler answered "fail" (or a punctuator failed). The runtime must stop
 * the task (and, like Kafka Streams, the application); the test driver rethrows it to the test.
 */
export class TaskFailedError extends StreamsError {
  override readonly name = 'TaskFailedError';
  constructor(
    message: string,
    readonly taskId: string,
    readonly processorNodeName: string | undefined,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}
