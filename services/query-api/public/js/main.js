// Wires the dashboard: the top words (GET /top, then live from GET /updates), search, health, and the stream
// panels (topology, instances and tasks, throughput and latency, dead letters) live from GET /dashboard/events.
import { getJson } from './api.js';
import { renderDeadLetters } from './dead-letters.js';
import { formatCount, formatTime } from './format.js';
import { showHealth } from './health.js';
import { renderInstances } from './instances.js';
import { followUpdates } from './live-updates.js';
import { Search } from './search.js';
import { followStream } from './stream-feed.js';
import { ThroughputPanel } from './throughput.js';
import { TopChart } from './top-chart.js';
import { showTopology, topologyUnavailable } from './topology.js';

const SHOWN = 15;
/** Words kept client-side beyond those shown, so a word rising from below has its count at hand. */
const KEPT = 200;
/** The ranking is re-read now and then: a word that fell could let an unseen word into the chart. */
const RESYNC_MS = 30_000;
const HEALTH_MS = 5_000;

const $ = (id) => document.getElementById(id);

const chart = new TopChart($('top-words'));
const search = new Search({
  form: $('search-form'),
  input: $('search-input'),
  results: $('search-results'),
  detail: $('word-detail'),
});
/** @type {Map<string, number>} */
let counts = new Map();
let leader;
let changes = 0;

function render() {
  const ranked = [...counts]
    .map(([word, count]) => ({ word, count }))
    .sort((a, b) => b.count - a.count || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  counts = new Map(ranked.slice(0, KEPT).map(({ word, count }) => [word, count]));
  const top = ranked.slice(0, SHOWN);
  chart.render(top);
  $('top-loading').hidden = true;
  $('top-empty').hidden = top.length > 0;
  $('top-meta').textContent = top.length > 0 ? `Top ${top.length} · updated live` : 'No counts yet';
  const first = top[0];
  if (first && leader !== undefined && first.word !== leader) {
    $('announcer').textContent = `${first.word} is now the top word, counted ${formatCount(first.count)} times.`;
  }
  leader = first?.word;
}

async function loadTop() {
  try {
    const answer = await getJson(`/top?n=${SHOWN * 2}`);
    if (answer.status === 503) {
      $('top-meta').textContent = 'Loading counts…';
      return false;
    }
    if (!answer.ok) return false;
    counts = new Map(answer.body.words.map(({ word, count }) => [word, count]));
    render();
    return true;
  } catch {
    $('top-meta').textContent = 'The service is not answering';
    return false;
  }
}

function onCounts(words) {
  for (const { word, count } of words) {
    if (count > 0) counts.set(word, count);
    else counts.delete(word);
  }
  changes += words.length;
  render();
  search.update(words);
  $('last-update').textContent =
    `Last update ${formatTime(new Date())} · ${formatCount(changes)} changes since the page opened`;
}

const connection = $('connection');
const CONNECTION_TEXT = { connecting: 'connecting…', open: 'live', reconnecting: 'reconnecting…' };
followUpdates({
  onCounts,
  onState: (state) => {
    connection.dataset.state = state === 'open' ? 'ok' : state === 'connecting' ? 'connecting' : 'bad';
    connection.querySelector('.indicator-value').textContent = CONNECTION_TEXT[state];
    // After a gap the stream has no replay: the ranking is read again.
    if (state === 'open') void loadTop();
  },
});

async function watchHealth() {
  const ready = await showHealth($('health'), $('health-checks'));
  if (ready && counts.size === 0) await loadTop();
}

void loadTop();
void watchHealth();
setInterval(() => void watchHealth(), HEALTH_MS);
setInterval(() => void loadTop(), RESYNC_MS);

const throughput = new ThroughputPanel();
const wordCount = $('word-count-indicator');
let topologyAsked = false;

function onSnapshot({ instances, throughput: points, deadLetters }) {
  throughput.add(points);
  renderDeadLetters(deadLetters);
  // No instance at all: query-api has not finished its first round of asking yet.
  if (instances.length > 0) showInstances(instances);
}

function showInstances(instances) {
  const up = instances.filter((instance) => instance.status === 'up').length;
  const down = instances.length - up;
  wordCount.dataset.state = up === 0 ? 'bad' : down > 0 ? 'warn' : 'ok';
  wordCount.querySelector('.indicator-value').textContent = `${up} of ${instances.length} up`;
  const missing = $('instances-unavailable');
  missing.hidden = up > 0 && down === 0;
  missing.textContent =
    up === 0
      ? 'No word-count instance answers: tasks, lag and words/s in are unavailable.'
      : `${down} of ${instances.length} instances do not answer: their tasks move to the others once the group notices.`;
  const tasks = instances.reduce((sum, instance) => sum + instance.tasks.length, 0);
  $('instances-meta').textContent = `${instances.length} instances · ${tasks} tasks · live`;
  renderInstances($('instances'), instances);
  // The topology is asked for once an instance answers (until then query-api could only answer 503).
  if (up > 0 && !topologyAsked) {
    topologyAsked = true;
    void showTopology();
  } else if (!topologyAsked) topologyUnavailable('no word-count instance answers');
}

followStream({
  onSnapshot,
  onState: (state) => {
    if (state !== 'open') {
      wordCount.dataset.state = state === 'connecting' ? 'connecting' : 'bad';
      wordCount.querySelector('.indicator-value').textContent = state === 'connecting' ? 'asking…' : 'no stream';
    }
  },
});
