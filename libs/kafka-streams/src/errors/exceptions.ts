// Every error the library throws extends StreamsError (Java's StreamsException), so `instanceof StreamsError`
// tells the library's errors from others. Names follow Kafka Streams' exceptions where one exists. Each
// message names what failed (node, topic, task, store) so that it is actionable on its own.

export class StreamsError extends Error {
  override readonly name: string = 'StreamsError';
}

/** A serde could not turn a value into bytes or bytes into a value (Java: SerializationException). */
export class SerializationError extends StreamsError {
  override readonly name = 'SerializationError';
}

/** The topology is not valid; `problems` lists every problem found, not just the first. */
/** Java: TopologyException. */
export class TopologyError extends StreamsError {
  override readonly name = 'TopologyError';
  constructor(readonly problems: ReadonlyArray<string>) {
    super(`Invalid topology:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
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

export class MissingSourceTopicError extends StreamsError {
  override readonly name = 'MissingSourceTopicError';
  constructor(readonly topics: ReadonlyArray<string>) {
    super(
      `Missing source topic${topics.length > 1 ? 's' : ''}: ${topics.join(', ')}. ` +
        'Create them before starting the application (topic auto-creation is not relied upon).',
    );
  }
}

export class MissingSinkTopicError extends StreamsError {
  override readonly name = 'MissingSinkTopicError';
  constructor(readonly topics: ReadonlyArray<string>) {
    super(
      `Missing sink topic${topics.length > 1 ? 's' : ''}: ${topics.join(', ')}. Create them before starting the application.`,
    );
  }
}

export class TopologyTopicsError extends StreamsError {
  override readonly name = 'TopologyTopicsError';
}

export class StreamsFatalError extends StreamsError {
  override readonly name = 'StreamsFatalError';
}

/** How `start()` rejects when `close()` is called before it finished: the application never ran. */
export class StartAbortedError extends StreamsError {
  override readonly name = 'StartAbortedError';
  constructor() {
    super('start() was aborted: close() was called before the application finished starting');
  }
}

/**
 * A state store cannot be queried (Java: InvalidStateStoreException): it does not exist, has another
 * type, or the application is not RUNNING (rebalancing, restoring, stopped). Retry once RUNNING.
 */
export class InvalidStateStoreError extends StreamsError {
  override readonly name = 'InvalidStateStoreError';
  constructor(
    message: string,
    readonly reason: 'unknown-store' | 'wrong-type' | 'not-running',
  ) {
    super(message);
  }
}

/** A configuration value is invalid; `fields` names each (Java: ConfigException). */
export class StreamsConfigError extends StreamsError {
  override readonly name = 'StreamsConfigError';
  constructor(
    message: string,
    readonly fields: ReadonlyArray<string>,
  ) {
    super(message);
  }
}

/** Raised when another process holds a store's directory (LevelDB's LOCK file; Java: LockException). */
export class StoreLockedError extends StreamsError {
  override readonly name = 'StoreLockedError';
}

/** An instance's subscription or assignment user data cannot be read. */
export class AssignmentInfoError extends StreamsError {
  override readonly name = 'AssignmentInfoError';
}

// The one error a TransactionalProducer reports for "this transaction can no longer commit". The runtime
// answers it the same way whatever the cause: abort, close the task dirty, and start it again from what the
// broker committed. `fenced` tells whether another producer took the transactional id over (then another
// instance probably owns the task now, and starting it again here should wait for the next rebalance).
export class TransactionFailedError extends StreamsError {
  override readonly name = 'TransactionFailedError';

  constructor(
    message: string,
    /** Another producer with the same transactional id was initialized after this one. */
    readonly fenced: boolean,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}
