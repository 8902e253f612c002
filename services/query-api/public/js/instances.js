// word-count's instances as cards, each with its tasks: role, lag, and a progress bar while restoring.
import { formatCount } from './format.js';

const ROLE_TEXT = { active: 'active', restoring: 'restoring', standby: 'standby' };

/**
 * @param {HTMLElement} container
 * @param {ReadonlyArray<any>} instances
 */
export function renderInstances(container, instances) {
  container.replaceChildren(...instances.map(instanceCard));
}

function instanceCard(instance) {
  const card = document.createElement('article');
  card.className = 'instance';
  card.dataset.key = instance.key;
  card.dataset.status = instance.status;
  const heading = document.createElement('h3');
  heading.className = 'instance-name';
  heading.innerHTML = '<span class="dot" aria-hidden="true"></span><span class="instance-id"></span>';
  heading.querySelector('.instance-id').textContent = instance.instanceId ?? instance.key;
  heading.dataset.state = instance.status === 'up' ? (instance.state === 'RUNNING' ? 'ok' : 'warn') : 'bad';
  const meta = document.createElement('p');
  meta.className = 'instance-meta';
  meta.textContent =
    instance.status === 'up'
      ? `${instance.key} · ${instance.state} · ${taskSummary(instance.tasks)}`
      : `${instance.key} · unreachable (${instance.error})`;
  card.append(heading, meta);
  if (instance.tasks.length > 0) card.append(taskTable(instance));
  return card;
}

function taskSummary(tasks) {
  const by = (role) => tasks.filter((task) => task.role === role).length;
  const parts = [`${by('active')} active`];
  if (by('restoring') > 0) parts.push(`${by('restoring')} restoring`);
  if (by('standby') > 0) parts.push(`${by('standby')} standby`);
  return parts.join(', ');
}

function taskTable(instance) {
  const table = document.createElement('table');
  table.className = 'tasks';
  table.innerHTML =
    '<caption class="visually-hidden"></caption><thead><tr><th scope="col">Task</th><th scope="col">Role</th>' +
    '<th scope="col" class="number">Lag</th><th scope="col" class="number">Processed</th></tr></thead><tbody></tbody>';
  table.querySelector('caption').textContent = `Tasks of ${instance.instanceId ?? instance.key}`;
  const body = table.querySelector('tbody');
  for (const task of instance.tasks) {
    const row = document.createElement('tr');
    row.className = 'task';
    row.dataset.task = task.id;
    row.dataset.role = task.role;
    row.innerHTML =
      '<th scope="row" class="task-id"></th><td class="task-role"><span class="badge"></span></td>' +
      '<td class="number task-lag"></td><td class="number task-processed"></td>';
    row.querySelector('.task-id').textContent = task.id;
    row.querySelector('.badge').textContent = ROLE_TEXT[task.role] ?? task.role;
    row.querySelector('.task-lag').textContent = formatCount(task.lag);
    row.querySelector('.task-processed').textContent = task.role === 'active' ? formatCount(task.processed) : '–';
    if (task.restore) row.querySelector('.task-role').append(restoreProgress(task));
    body.append(row);
  }
  return table;
}

function restoreProgress({ id, restore }) {
  const total = restore.restored + restore.remaining;
  const progress = document.createElement('progress');
  progress.className = 'restore';
  progress.max = Math.max(1, total);
  progress.value = restore.restored;
  progress.setAttribute('aria-label', `Task ${id} restored ${formatCount(restore.restored)} of ${formatCount(total)}`);
  return progress;
}
