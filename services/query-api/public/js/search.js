// The search card: words starting with what is typed (GET /counts?prefix=), and the chosen word's count
// (GET /counts/:word) with its counts per window over the last hour (GET /counts/:word/windows, the window
// store) as a bar chart.
import { getJson, reasonOf } from './api.js';
import { formatCount } from './format.js';
import { timeChart } from './time-chart.js';

const SUGGESTIONS = 8;
const TYPING_PAUSE_MS = 180;
const HOUR_MS = 3_600_000;
/** The chosen word's windows are re-read at most this often while its count changes. */
const WINDOWS_REFRESH_MS = 2_000;

export class Search {
  /**
   * @param {{ form: HTMLFormElement, input: HTMLInputElement, results: HTMLElement, detail: HTMLElement }} elements
   */
  constructor({ form, input, results, detail }) {
    Object.assign(this, { form, input, results, detail });
    /** @type {string | undefined} */
    this.selected = undefined;
    this.typing = undefined;
    this.pending = undefined;
    this.windowsRefresh = undefined;
    input.addEventListener('input', () => {
      clearTimeout(this.typing);
      this.typing = setTimeout(() => void this.suggest(input.value), TYPING_PAUSE_MS);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const word = input.value.trim().toLowerCase();
      if (word !== '') void this.select(word);
    });
  }

  /** Live counts: the chosen word (count and windows) and the suggestions show the latest numbers. */
  update(words) {
    for (const { word, count } of words) {
      if (word === this.selected) {
        this.detail.querySelector('#detail-count').textContent = formatCount(count);
        this.windowsRefresh ??= setTimeout(() => {
          this.windowsRefresh = undefined;
          void this.loadWindows(word);
        }, WINDOWS_REFRESH_MS);
      }
      const suggestion = this.results.querySelector(`[data-word="${CSS.escape(word)}"] .result-count`);
      if (suggestion) suggestion.textContent = formatCount(count);
    }
  }

  async suggest(text) {
    const prefix = text.trim();
    this.pending?.abort();
    if (prefix === '') return this.results.replaceChildren();
    this.pending = new AbortController();
    let answer;
    try {
      const query = new URLSearchParams({ prefix, limit: String(SUGGESTIONS) });
      answer = await getJson(`/counts?${query}`, { signal: this.pending.signal });
    } catch (error) {
      if (error.name !== 'AbortError') this.note('The service did not answer. Is it running?');
      return;
    }
    if (answer.status === 503) return this.note('Counts are still loading; try again in a moment.');
    if (!answer.ok) return this.note(`Cannot search for that: ${reasonOf(answer.body)}.`);
    const { words, nextCursor } = answer.body;
    if (words.length === 0) return this.note(`No word starts with “${prefix.toLowerCase()}” yet.`);
    const list = document.createElement('ul');
    list.className = 'results';
    list.setAttribute('aria-label', `Words starting with ${prefix.toLowerCase()}`);
    for (const { word, count } of words) list.append(this.suggestion(word, count));
    const parts = [list];
    if (nextCursor) parts.push(noteElement(`Showing the first ${SUGGESTIONS}; type more to narrow it down.`));
    this.results.replaceChildren(...parts);
  }

  async select(word) {
    this.selected = word;
    for (const button of this.results.querySelectorAll('.result')) {
      button.setAttribute('aria-pressed', String(button.closest('li').dataset.word === word));
    }
    let count;
    try {
      count = await getJson(`/counts/${encodeURIComponent(word)}`);
    } catch {
      return this.note('The service did not answer. Is it running?');
    }
    if (!count.ok) return this.note(count.status === 503 ? 'Counts are still loading.' : reasonOf(count.body));
    if (word !== this.selected) return;
    this.detail.hidden = false;
    this.detail.querySelector('#detail-word').textContent = count.body.word;
    this.detail.querySelector('#detail-count').textContent = formatCount(count.body.count);
    await this.loadWindows(word);
  }

  async loadWindows(word) {
    const to = Date.now();
    const from = to - HOUR_MS;
    const windows = await getJson(`/counts/${encodeURIComponent(word)}/windows?from=${from}&to=${to}`).catch(
      () => undefined,
    );
    if (windows?.ok && word === this.selected) this.showWindows(windows.body, from, to);
  }

  showWindows({ windowSizeMs, windows }, from, to) {
    const byStart = new Map(windows.map((w) => [Date.parse(w.start), w.count]));
    const first = Math.floor(from / windowSizeMs) * windowSizeMs;
    const slots = [];
    for (let start = first; start <= to; start += windowSizeMs) slots.push({ start, count: byStart.get(start) ?? 0 });
    const total = slots.reduce((sum, s) => sum + s.count, 0);
    const bars = this.detail.querySelector('#detail-windows');
    this.windowChart ??= timeChart(bars, {
      series: [{ label: 'count per window', color: '--bar-from', bars: true }],
      legend: false,
    });
    this.windowChart.setData([slots.map((slot) => slot.start / 1000), slots.map((slot) => slot.count)]);
    const minutes = Math.round(windowSizeMs / 60_000);
    const size = minutes >= 1 ? `${minutes}-minute` : `${Math.round(windowSizeMs / 1000)}-second`;
    const summary = `${formatCount(total)} in the last hour, in ${size} windows`;
    bars.setAttribute('aria-label', summary);
    this.detail.querySelector('#detail-windows-caption').textContent = summary;
  }

  suggestion(word, count) {
    const item = document.createElement('li');
    item.dataset.word = word;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'result';
    button.setAttribute('aria-pressed', String(word === this.selected));
    button.innerHTML = '<span class="result-word"></span><span class="result-count"></span>';
    button.querySelector('.result-word').textContent = word;
    button.querySelector('.result-count').textContent = formatCount(count);
    button.addEventListener('click', () => void this.select(word));
    item.append(button);
    return item;
  }

  note(text) {
    this.results.replaceChildren(noteElement(text));
  }
}

function noteElement(text) {
  const note = document.createElement('p');
  note.className = 'results-note';
  note.textContent = text;
  return note;
}
