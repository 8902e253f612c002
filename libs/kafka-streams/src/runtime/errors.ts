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
