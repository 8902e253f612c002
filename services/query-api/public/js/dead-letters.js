// The dead-letter topic: how many records it holds and the latest few with their error.
import { formatCount, formatTime } from './format.js';

const $ = (id) => document.getElementById(id);

/** @param {any} deadLetters the `deadLetters` part of a dashboard snapshot */
export function renderDeadLetters(deadLetters) {
  $('dead-letters-topic').textContent = deadLetters.topic;
  const unavailable = $('dead-letters-unavailable');
  unavailable.hidden = deadLetters.status === 'live';
  unavailable.textContent =
    deadLetters.status === 'live' ? '' : `Cannot read ${deadLetters.topic}: ${deadLetters.reason ?? 'unknown reason'}`;
  $('dead-letters-count').textContent = deadLetters.status === 'live' ? formatCount(deadLetters.count) : '–';
  $('dead-letters-empty').hidden = deadLetters.status !== 'live' || deadLetters.count > 0;
  $('dead-letters').replaceChildren(...deadLetters.latest.map(item));
}

function item(letter) {
  const entry = document.createElement('li');
  entry.className = 'dead-letter';
  entry.innerHTML =
    '<p class="dead-letter-error"><span class="exception"></span> <span class="message"></span></p>' +
    '<p class="dead-letter-record"><code class="value"></code></p>' +
    '<p class="dead-letter-meta"><time></time> · <span class="source"></span></p>';
  entry.querySelector('.exception').textContent = letter.exception ?? 'error';
  entry.querySelector('.message').textContent = letter.message ?? '';
  entry.querySelector('.value').textContent = letter.value ?? '(no value)';
  const time = entry.querySelector('time');
  time.dateTime = letter.timestamp;
  time.textContent = formatTime(new Date(letter.timestamp));
  entry.querySelector('.source').textContent = letter.source ? `from ${letter.source}` : `offset ${letter.offset}`;
  return entry;
}
