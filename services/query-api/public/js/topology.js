// The topology word-count runs (GET /dashboard/topology): its Mermaid flowchart drawn by Mermaid (served by this
// service, loaded only for this panel), its internal topics, and the text describe() prints.
import { getJson } from './api.js';
import { cssColor, isDark, onSchemeChange } from './theme.js';

const RETRY_MS = 5_000;
const $ = (id) => document.getElementById(id);

let mermaidModule;
let layout;

export async function showTopology() {
  let answer;
  try {
    answer = await getJson('/dashboard/topology');
  } catch {
    answer = { ok: false, body: { message: 'query-api did not answer' } };
  }
  if (!answer.ok) {
    topologyUnavailable(answer.body?.message ?? `answered ${answer.status}`);
    setTimeout(() => void showTopology(), RETRY_MS);
    return;
  }
  layout = answer.body;
  $('topology-unavailable').hidden = true;
  $('topology-meta').textContent =
    `${layout.applicationId} · ${layout.subtopologies.length} sub-topologies, ${layout.internalTopics.length} internal topics`;
  $('internal-topics').replaceChildren(
    ...layout.internalTopics.map((topic) => {
      const item = document.createElement('li');
      item.innerHTML = '<code></code> <span class="topic-kind"></span>';
      item.querySelector('code').textContent = topic;
      item.querySelector('.topic-kind').textContent = topic.endsWith('-changelog') ? 'changelog' : 'repartition';
      return item;
    }),
  );
  $('topology-text').textContent = layout.description;
  await draw();
  onSchemeChange(() => void draw());
}

/** @param {string} reason */
export function topologyUnavailable(reason) {
  const note = $('topology-unavailable');
  note.hidden = false;
  note.textContent = `The topology is not available: ${reason}`;
  $('topology-meta').textContent = 'word-count not reachable';
}

async function draw() {
  mermaidModule ??= (await import('/vendor/mermaid/mermaid.esm.min.mjs')).default;
  mermaidModule.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: 'base',
    fontFamily: getComputedStyle(document.body).fontFamily,
    flowchart: { htmlLabels: false, curve: 'basis', nodeSpacing: 24, rankSpacing: 28, padding: 8 },
    themeVariables: {
      darkMode: isDark(),
      background: cssColor('--surface'),
      primaryColor: cssColor('--surface-sunken'),
      primaryTextColor: cssColor('--text'),
      primaryBorderColor: cssColor('--accent'),
      lineColor: cssColor('--text-muted'),
      clusterBkg: cssColor('--surface'),
      clusterBorder: cssColor('--border'),
      titleColor: cssColor('--text'),
      fontSize: '14px',
    },
  });
  const { svg } = await mermaidModule.render('topology-graph', layout.mermaid);
  const figure = $('topology-figure');
  figure.innerHTML = svg;
  const caption = document.createElement('figcaption');
  caption.className = 'visually-hidden';
  caption.textContent = `Topology of ${layout.applicationId}: ${layout.subtopologies
    .map(
      (s) =>
        `sub-topology ${s.id} reads ${s.sourceTopics.join(', ')}${s.stores.length ? ` into ${s.stores.join(', ')}` : ''}`,
    )
    .join('; ')}.`;
  figure.append(caption);
  figure.querySelector('svg')?.setAttribute('aria-hidden', 'true');
}
