// KafkaStreams' lifecycle, with the transitions Java's KafkaStreams.State allows.
export type KafkaStreamsState =
  'CREATED' | 'REBALANCING' | 'RUNNING' | 'PENDING_SHUTDOWN' | 'NOT_RUNNING' | 'PENDING_ERROR' | 'ERROR';

const ALLOWED: Readonly<Record<KafkaStreamsState, ReadonlyArray<KafkaStreamsState>>> = {
  CREATED: ['REBALANCING', 'PENDING_SHUTDOWN', 'PENDING_ERROR'],
  REBALANCING: ['RUNNING', 'PENDING_SHUTDOWN', 'PENDING_ERROR'],
  RUNNING: ['REBALANCING', 'PENDING_SHUTDOWN', 'PENDING_ERROR'],
  PENDING_SHUTDOWN: ['NOT_RUNNING'],
  NOT_RUNNING: [],
  PENDING_ERROR: ['ERROR'],
  ERROR: [],
};

export type StateListener = (newState: KafkaStreamsState, oldState: KafkaStreamsState) => void;

export class StreamsStateMachine {
  private current: KafkaStreamsState = 'CREATED';
  private readonly listeners = new Set<StateListener>();

  get state(): KafkaStreamsState {
    return this.current;
  }

  /** Moves to `next` if allowed from the current state; returns whether it moved. */
  transition(next: KafkaStreamsState): boolean {
    const previous = this.current;
    if (!ALLOWED[previous].includes(next)) return false;
    this.current = next;
    for (const listener of this.listeners) listener(next, previous);
    return true;
  }

  onChange(listener: StateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
