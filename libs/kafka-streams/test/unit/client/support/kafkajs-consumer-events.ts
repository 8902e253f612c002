// The event side of a fake kafkajs consumer: kafkajs calls every listener of an event (the wrapper's crash
// supervisor listens to joins too), and `on` returns the listener's remover.
type Listener = (event: { payload: unknown }) => void;

export function kafkajsConsumerEvents() {
  const listeners = new Map<string, Set<Listener>>();
  return {
    events: { GROUP_JOIN: 'join', REBALANCING: 'rebalancing', CRASH: 'crash', END_BATCH_PROCESS: 'end' },
    on: (event: string, listener: Listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set.add(listener));
      return () => set.delete(listener);
    },
    emit: (event: string, payload: unknown) => {
      for (const listener of listeners.get(event) ?? []) listener({ payload });
    },
  };
}
