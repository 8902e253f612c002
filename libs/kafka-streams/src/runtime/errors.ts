export class MissingSourceTopicError extends Error {
  override readonly name = 'MissingSourceTopicError';
  constructor(readonly topics: ReadonlyArray<string>) {
    super(
      `Missing source topic${topics.length > 1 ? 's' : ''}: ${topics.join(', ')}. ` +
        'Create them before starting the application (topic auto-creation is not relied upon).',
    );
  }
}

export class MissingSinkTopicError extends Error {
  override readonly name = 'MissingSinkTopicError';
  constructor(readonly topics: ReadonlyArray<string>) {
    super(
      `Missing sink topic${topics.length > 1 ? 's' : ''}: ${topics.join(', ')}. Create them before starting the application.`,
    );
  }
}

export class TopologyTopicsError extends Error {
  override readonly name = 'TopologyTopicsError';
}

export class StreamsFatalError extends Error {
  override readonly name = 'StreamsFatalError';
}

/** How `start()` rejects when `close()` is called before it finished: the application never ran. */
export class StartAbortedError extends Error {
  override readonly name = 'StartAbortedError';
  constructor() {
    super('start() was aborted: close() was called before the application finished starting');
  }
}

/**
 * A state store cannot be queried (Java's InvalidStateStoreException): it does not exist, has another
 * type, or the application is not RUNNING (rebalancing, restoring, stopped). Retry once RUNNING.
 */
export class StoreNotAvailableError extends Error {
  override readonly name = 'StoreNotAvailableError';
  constructor(
    message: string,
    readonly reason: 'unknown-store' | 'wrong-type' | 'not-running',
  ) {
    super(message);
  }
}
