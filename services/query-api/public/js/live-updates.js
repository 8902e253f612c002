// The count changes of GET /updates (Server-Sent Events), with the connection's state for the header.

const RETRY_AFTER_CLOSE_MS = 5_000;

/**
 * @param {{
 *   onCounts: (words: Array<{ word: string, count: number }>) => void,
 *   onState: (state: 'connecting' | 'open' | 'reconnecting') => void,
 * }} handlers
 */
export function followUpdates({ onCounts, onState }) {
  const connect = () => {
    onState('connecting');
    const source = new EventSource('/updates');
    source.addEventListener('open', () => onState('open'));
    source.addEventListener('counts', (event) => onCounts(JSON.parse(event.data).words));
    source.addEventListener('error', () => {
      onState('reconnecting');
      // The browser retries by itself unless the answer was not an event stream (a 5xx, say): then we do.
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, RETRY_AFTER_CLOSE_MS);
    });
  };
  connect();
}
