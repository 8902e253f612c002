// The top words as a horizontal bar chart that animates as counts change: bars grow to their new length,
// rows slide to their new rank (FLIP: measure, reorder, play the difference), changed rows glow briefly.
import { formatCount } from './format.js';

const GLOW_MS = 700;

export class TopChart {
  /** @param {HTMLOListElement} list */
  constructor(list) {
    this.list = list;
    /** @type {Map<string, HTMLLIElement>} */
    this.rows = new Map();
  }

  /** @param {ReadonlyArray<{ word: string, count: number }>} words best first */
  render(words) {
    const max = Math.max(1, ...words.map((w) => w.count));
    const before = new Map([...this.rows].map(([word, row]) => [word, row.getBoundingClientRect().top]));
    const wanted = new Set(words.map((w) => w.word));
    for (const [word, row] of this.rows) {
      if (wanted.has(word)) continue;
      row.remove();
      this.rows.delete(word);
    }

    const changed = [];
    words.forEach(({ word, count }, index) => {
      let row = this.rows.get(word);
      if (!row) {
        row = createRow(word);
        this.rows.set(word, row);
      } else if (row.dataset.count !== String(count)) {
        changed.push(row);
      }
      row.dataset.count = String(count);
      row.querySelector('.bar-rank').textContent = String(index + 1);
      row.querySelector('.bar-count').textContent = formatCount(count);
      row.querySelector('.bar-fill').dataset.scale = String(count / max);
      this.list.append(row);
    });

    // Invert: put each moved row back where it was, without a transition...
    for (const [word, row] of this.rows) {
      const top = before.get(word);
      const delta = top === undefined ? 0 : top - row.getBoundingClientRect().top;
      if (delta === 0) continue;
      row.style.transition = 'none';
      row.style.transform = `translateY(${delta}px)`;
    }
    // ...then play: on the next frame every row and bar moves to its new place.
    requestAnimationFrame(() => {
      for (const row of this.rows.values()) {
        row.style.transition = '';
        row.style.transform = '';
        row.classList.remove('entering');
        const fill = row.querySelector('.bar-fill');
        fill.style.transform = `scaleX(${fill.dataset.scale})`;
      }
      for (const row of changed) glow(row);
    });
  }
}

/** @param {string} word */
function createRow(word) {
  const row = document.createElement('li');
  row.className = 'bar-row entering';
  row.innerHTML =
    '<span class="bar-rank" aria-hidden="true"></span><span class="bar-word"></span>' +
    '<span class="bar-track" aria-hidden="true"><span class="bar-fill"></span></span><span class="bar-count"></span>';
  const label = row.querySelector('.bar-word');
  label.textContent = word;
  label.title = word;
  return row;
}

/** @param {HTMLElement} row */
function glow(row) {
  row.classList.add('changed');
  clearTimeout(Number(row.dataset.glowTimer));
  row.dataset.glowTimer = String(setTimeout(() => row.classList.remove('changed'), GLOW_MS));
}
