// The stream panels' data: GET /dashboard/events (Server-Sent Events), one `dashboard` event per round.

const RETRY_AFTER_CLOSE_MS = 5_000;

/**
 * @param {{
 *   onSnapshot: (snapshot: any) => void,
 *   onState: (state: 'connecting' | 'open' | 'reconnecting') => void,
 * }} handlers
 */
export function followStream({ onSnapshot, onState }) {
  const connect = () => {
    onState('connecting');
    const source = new EventSource('/dashboard/events');
    source.addEventListener('open', () => onState('open'));
    source.addEventListener('dashboard', (event) => onSnapshot(JSON.parse(event.data)));
    source.addEventListener('error', () => {
      onState('reconnecting');
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, RETRY_AFTER_CLOSE_MS);
    });
  };
  connect();
}
