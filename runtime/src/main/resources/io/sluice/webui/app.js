'use strict';
// A tiny single-page UI over the REST API. Every request is a GET to a relative URL, so the page
// works when YARN's ResourceManager proxy serves it under /proxy/<appId>/.

const view = document.getElementById('view');
const status = document.getElementById('status');

function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
}

async function get(path) {
  const response = await fetch(path, {headers: {'Accept': 'application/json'}});
  if (!response.ok) {
    let message = response.status + ' ' + response.statusText;
    try { message = (await response.json()).errors.join('; '); } catch (e) { /* not JSON */ }
    throw new Error(path + ': ' + message);
  }
  return response.json();
}

function time(ms) {
  return ms > 0 ? new Date(ms).toLocaleString() : '';
}

function duration(ms) {
  if (!(ms >= 0)) return '';
  const s = Math.floor(ms / 1000);
  return s < 60 ? s + ' s' : Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
}

function table(headers, rows) {
  return '<table><tr>' + headers.map(h => '<th>' + esc(h) + '</th>').join('') + '</tr>'
    + rows.map(r => '<tr>' + r.map(c => '<td>' + c + '</td>').join('') + '</tr>').join('') + '</table>';
}

function state(s) {
  return '<span class="state-' + esc(s) + '">' + esc(s) + '</span>';
}

async function overview() {
  const [o, jobs] = await Promise.all([get('overview'), get('jobs/overview')]);
  const card = (label, value) => '<div class="card"><b>' + esc(value) + '</b>' + esc(label) + '</div>';
  return '<div class="cards">'
    + card('TaskManagers', o.taskmanagers) + card('slots total', o['slots-total'])
    + card('slots free', o['slots-available']) + card('jobs running', o['jobs-running'])
    + card('jobs finished', o['jobs-finished']) + card('jobs failed', o['jobs-failed'])
    + card('jobs cancelled', o['jobs-cancelled']) + '</div>'
    + '<p>Sluice ' + esc(o['sluice-version']) + '</p>' + jobsTable(jobs.jobs);
}

function jobsTable(jobs) {
  return table(['Job', 'Name', 'State', 'Started', 'Duration', 'Tasks'], jobs.map(j => [
    '<a href="#job/' + esc(j.jid) + '"><code>' + esc(j.jid) + '</code></a>', esc(j.name), state(j.state),
    esc(time(j['start-time'])), esc(duration(j.duration)), esc(j.tasks && j.tasks.total)]));
}

async function jobs() {
  return '<h2>Jobs</h2>' + jobsTable((await get('jobs/overview')).jobs);
}

async function job(id) {
  const d = await get('jobs/' + encodeURIComponent(id));
  let html = '<h2>' + esc(d.name) + ' ' + state(d.state) + '</h2>'
    + '<p><code>' + esc(d.jid) + '</code> · started ' + esc(time(d['start-time'])) + ' · ran '
    + esc(duration(d.duration)) + ' · restarts ' + esc(d.restarts) + '</p>'
    + '<p>Cancel with <code>bin/sluice cancel ' + esc(d.jid) + '</code>.</p>';
  for (const v of d.vertices) {
    html += '<h3>' + esc(v.name) + ' (parallelism ' + esc(v.parallelism) + ')</h3>'
      + table(['Subtask', 'Attempt', 'State', 'TaskManager', 'Started', 'Ended'], v.subtasks.map(s => [
        esc(s.subtask + 1), esc(s.attempt), state(s.status), '<code>' + esc(s['taskmanager-id']) + '</code>',
        esc(time(s['start-time'])), esc(time(s['end-time']))]));
  }
  html += await checkpoints(id, d.state === 'RUNNING');
  if (['FAILED', 'FINISHED', 'CANCELED'].includes(d.state)) {
    try {
      const r = (await get('jobs/' + encodeURIComponent(id) + '/execution-result'))['job-execution-result'];
      if (r && r['failure-cause']) {
        html += '<h3>Failure cause</h3><pre>' + esc(r['failure-cause']['stack-trace']) + '</pre>';
      }
    } catch (e) { /* result not kept any more */ }
  }
  return html;
}

function bytes(n) {
  if (!(n >= 0)) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}

function millis(ms) {
  return ms >= 0 ? ms + ' ms' : '';
}

// The job's checkpoints: counts, the latest of each kind, the history (newest first) and the settings.
async function checkpoints(id, running) {
  const base = 'jobs/' + encodeURIComponent(id) + '/checkpoints';
  let c, conf;
  try {
    // the configuration is unknown (503) until the job's JobMaster started
    [c, conf] = await Promise.all([get(base), get(base + '/config').catch(() => null)]);
  } catch (e) {
    return '<h3>Checkpoints</h3><p>not available: ' + esc(e.message) + '</p>';
  }
  const n = c.counts;
  let html = '<h3>Checkpoints</h3>';
  if (running) {
    html += '<p>Take one now with <code>bin/sluice checkpoint ' + esc(id) + '</code>.</p>';
  }
  if (conf) {
    // an interval of Long.MAX_VALUE (Flink's convention) means no periodic checkpoints
    html += '<p>' + (conf.interval >= 1e18 ? 'periodic checkpoints off'
      : 'every ' + esc(millis(conf.interval)) + ', ' + esc(conf.mode.replace(/_/g, '-')))
      + ' · stored in <code>' + esc(conf.checkpoint_storage) + '</code> · ' + esc(conf.num_retained) + ' retained</p>';
  }
  if (n.total === 0 && n.restored === 0) {
    return html + '<p>No checkpoint was triggered.</p>';
  }
  html += '<div class="cards">' + [['triggered', n.total], ['in progress', n.in_progress], ['completed', n.completed],
    ['failed', n.failed], ['restored', n.restored]].map(([label, value]) =>
    '<div class="card"><b>' + esc(value) + '</b>' + esc(label) + '</div>').join('') + '</div>';
  const l = c.latest;
  const latest = [];
  if (l.completed) {
    latest.push(['Latest completed', esc(l.completed.id), esc(time(l.completed.latest_ack_timestamp)),
      esc(bytes(l.completed.state_size)) + ' in ' + esc(millis(l.completed.end_to_end_duration)),
      l.completed.external_path ? '<code>' + esc(l.completed.external_path) + '</code>' : 'in the JobManager\'s memory']);
  }
  if (l.failed) {
    latest.push(['Latest failed', esc(l.failed.id), esc(time(l.failed.failure_timestamp)), '', esc(l.failed.failure_message)]);
  }
  if (l.restored) {
    latest.push(['Latest restored', esc(l.restored.id), esc(time(l.restored.restore_timestamp)), '',
      l.restored.external_path ? '<code>' + esc(l.restored.external_path) + '</code>' : '']);
  }
  if (latest.length > 0) {
    html += table(['', 'Id', 'At', 'Size', 'Path / cause'], latest);
  }
  html += '<h4>History (newest ' + esc(c.history.length) + ')</h4>'
    + table(['Id', 'Status', 'Triggered', 'Duration', 'State size', 'Acknowledged', 'Path / cause'], c.history.map(h => [
      esc(h.id), state(h.status), esc(time(h.trigger_timestamp)), esc(millis(h.end_to_end_duration)),
      esc(bytes(h.state_size)), esc(h.num_acknowledged_subtasks + '/' + h.num_subtasks),
      h.status === 'FAILED' ? esc(h.failure_message) : h.external_path ? '<code>' + esc(h.external_path) + '</code>' : '']));
  return html;
}

// seconds from a worker's request (or adoption) to a later step, e.g. '+0.21 s'
function since(from, to) {
  return from > 0 && to > 0 ? '+' + ((to - from) / 1000).toFixed(2) + ' s' : '';
}

async function taskmanagers() {
  const tms = (await get('taskmanagers')).taskmanagers;
  const workers = (await get('resourcemanager/workers')).workers;
  return '<h2>TaskManagers</h2>' + table(['Id', 'Node', 'Address', 'Slots', 'Free', 'Registered', 'Last heartbeat'],
    tms.map(t => ['<code>' + esc(t.id) + '</code>', esc(t.node), esc(t.path), esc(t.slotsNumber), esc(t.freeSlots),
      esc(time(t.registeredAt)), esc(duration(t.timeSinceLastHeartbeat)) + ' ago']))
    + '<h2>Start-up times</h2>' + table(['State', 'Id', 'Node', 'Requested', 'Allocated', 'Launched', 'Registered', 'Ended',
      'Exit status', 'Diagnostics'],
    workers.map(w => {
      const from = w.recovered ? w.recoveredAt : w.requestedAt;
      return [state(w.state), '<code>' + esc(w.id) + '</code>', esc(w.node),
        w.recovered ? 'kept from the previous attempt, adopted ' + esc(time(w.recoveredAt)) : esc(time(w.requestedAt)),
        esc(since(from, w.allocatedAt)), esc(since(from, w.launchedAt)), esc(since(from, w.registeredAt)),
        esc(time(w.endedAt)), esc(w.exitStatus), esc(w.diagnostics)];
    }));
}

async function config() {
  const entries = await get('jobmanager/config');
  return '<h2>Configuration</h2>' + table(['Key', 'Value'], entries.map(e => [esc(e.key), esc(e.value)]));
}

async function render() {
  const hash = location.hash.replace(/^#/, '') || 'overview';
  try {
    if (hash.startsWith('job/')) view.innerHTML = await job(hash.substring(4));
    else if (hash === 'jobs') view.innerHTML = await jobs();
    else if (hash === 'taskmanagers') view.innerHTML = await taskmanagers();
    else if (hash === 'config') view.innerHTML = await config();
    else view.innerHTML = await overview();
    status.textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    status.textContent = 'not reachable: ' + e.message;
  }
}

window.addEventListener('hashchange', render);
render();
setInterval(render, 3000);
