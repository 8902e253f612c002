// The service's readiness (GET /health/ready): the header indicator and the list of checks.
import { getJson } from './api.js';

const NAMES = { kafka: 'Kafka', kafkaStreams: 'Global stores', counts: 'Counts & ranking' };

/**
 * @param {HTMLElement} indicator
 * @param {HTMLUListElement} list
 * @returns {Promise<boolean>} whether the service is ready
 */
export async function showHealth(indicator, list) {
  let answer;
  try {
    answer = await getJson('/health/ready');
  } catch {
    setIndicator(indicator, 'bad', 'unreachable');
    list.replaceChildren(check('Service', { status: 'down', message: 'no answer' }));
    return false;
  }
  const details = answer.body?.details ?? {};
  const bootstrapping = Object.values(details).some(isStarting);
  if (answer.ok) setIndicator(indicator, 'ok', 'ready');
  else if (bootstrapping) setIndicator(indicator, 'warn', 'bootstrapping');
  else setIndicator(indicator, 'bad', 'not ready');
  list.replaceChildren(...Object.entries(details).map(([name, result]) => check(NAMES[name] ?? name, result)));
  return answer.ok;
}

function setIndicator(indicator, state, text) {
  indicator.dataset.state = state;
  indicator.querySelector('.indicator-value').textContent = text;
}

/** A check that is down only because the service is still starting: shown as a warning, not a failure. */
function isStarting({ reason, state }) {
  return reason === 'bootstrapping' || state === 'REBALANCING' || state === 'CREATED';
}

function check(name, result) {
  const { status } = result;
  const detail = describe(result);
  const item = document.createElement('li');
  item.className = 'check';
  item.dataset.state = status === 'up' ? 'ok' : isStarting(result) ? 'warn' : 'bad';
  item.innerHTML =
    '<span class="dot" aria-hidden="true"></span><span class="check-name"></span><span class="check-detail"></span>';
  item.querySelector('.check-name').textContent = name;
  item.querySelector('.check-detail').textContent =
    status === 'up' ? detail || 'up' : `down${detail ? ` · ${detail}` : ''}`;
  return item;
}

/** What a check says about itself: its message or reason, else its state (e.g. "running"). */
function describe({ message, reason, state }) {
  return String(message ?? reason ?? state ?? '').toLowerCase();
}
