// Colossim dashboard: plain JavaScript, no framework, no CDN. Talks only to the HTTP API of docs/web.md.
'use strict';

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value; else if (key === 'text') node.textContent = value; else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
};
const YAML = 'application/yaml; charset=utf-8';

// ---- tabs ----
for (const button of document.querySelectorAll('#tabs button')) {
  button.addEventListener('click', () => showTab(button.dataset.tab));
}
function showTab(name) {
  for (const b of document.querySelectorAll('#tabs button')) b.classList.toggle('active', b.dataset.tab === name);
  for (const s of document.querySelectorAll('.tab')) s.classList.toggle('active', s.id === `tab-${name}`);
  if (name === 'runs' || name === 'compare') loadRuns();
  if (name === 'catalog') loadCatalog();
}

// ---- editor with live validation ----
const editor = $('scenario');
let problems = [];
let checkTimer = 0;
let checkSeq = 0;

function renderEditor() {
  const lines = editor.value.split('\n');
  const byLine = new Map();
  for (const p of problems) if (p.line) {
    const seen = byLine.get(p.line);
    if (!seen || p.severity === 'error') byLine.set(p.line, p.severity);
  }
  const gutter = $('gutter');
  gutter.replaceChildren(...lines.map((_, i) => {
    const n = i + 1;
    return el('div', { class: byLine.has(n) ? 'bad' : '', text: String(n) });
  }));
  const backdrop = $('backdrop');
  backdrop.replaceChildren(...lines.map((line, i) => {
    const severity = byLine.get(i + 1);
    const text = (line || ' ') + '\n';
    return severity ? el('mark', { class: `problem-line ${severity}`, 'data-line': String(i + 1), text }) : document.createTextNode(text);
  }));
  editor.style.height = '0';
  editor.style.height = `${editor.scrollHeight}px`;
  // Long lines scroll the whole editor sideways, so the marks behind the text stay under their lines.
  editor.style.width = '100%';
  const width = editor.scrollWidth;
  if (width > editor.clientWidth) editor.style.width = `${width}px`;
  backdrop.style.width = editor.style.width;
}

function renderProblems() {
  const list = $('problems');
  if (problems.length === 0) {
    list.replaceChildren(el('li', { class: 'muted', text: 'none' }));
    return;
  }
  list.replaceChildren(...problems.map((p) => {
    const item = el('li', { class: p.severity, 'data-path': p.path, 'data-line': p.line ?? '' },
      el('span', { class: 'line', text: p.line ? `line ${p.line}` : '' }),
      el('span', { class: 'path', text: p.path || '(document)' }),
      document.createTextNode(`: ${p.message}`));
    item.addEventListener('click', () => selectLine(p.line));
    return item;
  }));
}

function selectLine(line) {
  if (!line) return;
  const lines = editor.value.split('\n');
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  editor.focus();
  editor.setSelectionRange(start, start + (lines[line - 1] || '').length);
  for (const m of document.querySelectorAll('#backdrop mark')) m.classList.toggle('selected', m.dataset.line === String(line));
  const top = (line - 3) * 19;
  $('editor').scrollTop = Math.max(0, top);
}

async function check() {
  const seq = ++checkSeq;
  const state = $('check-state');
  state.textContent = 'checking…';
  try {
    const response = await fetch('/api/check', { method: 'POST', headers: { 'Content-Type': YAML }, body: editor.value });
    const body = await response.json();
    if (seq !== checkSeq) return;
    if (!response.ok) {
      problems = [{ path: '', line: null, severity: 'error', message: body.detail || response.statusText }];
      state.textContent = body.title || 'cannot check';
    } else {
      problems = body.problems;
      const errors = problems.filter((p) => p.severity === 'error').length;
      const warnings = problems.length - errors;
      state.textContent = body.valid
        ? `valid: ${body.summary.sites} site(s), ${body.summary.gpus.toLocaleString('en-US')} GPUs, ${body.summary.workloads} workload(s)${warnings ? `, ${warnings} warning(s)` : ''}`
        : `invalid: ${errors} error(s)${warnings ? `, ${warnings} warning(s)` : ''}`;
    }
    state.className = problems.some((p) => p.severity === 'error') ? 'invalid' : 'valid';
  } catch (e) {
    state.textContent = `cannot reach the server: ${e.message}`;
  }
  renderProblems();
  renderEditor();
}

editor.addEventListener('input', () => {
  renderEditor();
  clearTimeout(checkTimer);
  checkTimer = setTimeout(check, 350);
});
editor.addEventListener('keydown', (e) => {
  if (e.key === 'Tab') {
    e.preventDefault();
    editor.setRangeText('  ', editor.selectionStart, editor.selectionEnd, 'end');
    editor.dispatchEvent(new Event('input'));
  }
});

async function loadExample() {
  const response = await fetch('/assets/example.yaml');
  editor.value = await response.text();
  renderEditor();
  await check();
}
$('load-example').addEventListener('click', loadExample);

// ---- runs ----
let polling = 0;

$('run').addEventListener('click', async () => {
  const button = $('run');
  button.disabled = true;
  setStatus('submitting…', '');
  try {
    const response = await fetch('/api/runs', { method: 'POST', headers: { 'Content-Type': YAML }, body: editor.value });
    const body = await response.json();
    if (response.status === 202) {
      watch(body.id);
      return;
    }
    if (body.problems) {
      problems = body.problems;
      renderProblems();
      renderEditor();
    }
    const retry = response.headers.get('Retry-After');
    setStatus(`${body.title}: ${body.detail}${retry ? ` (retry after ${retry} s)` : ''}`, 'failed');
  } catch (e) {
    setStatus(`cannot reach the server: ${e.message}`, 'failed');
  }
  button.disabled = false;
});

function setStatus(text, kind) {
  const status = $('status');
  status.textContent = text;
  status.className = `status ${kind}`;
}

// Follows a run: its progress as server-sent events (GET /api/runs/{id}/events), or, where the stream cannot be
// opened or breaks, by asking GET /api/runs/{id} every 300 ms.
let stream = null;
function watch(id) {
  clearTimeout(polling);
  if (stream) stream.close();
  stream = null;
  $('report-frame').hidden = true;
  $('report-text').hidden = true;
  $('report-links').replaceChildren();
  $('status').dataset.via = '';
  const progress = (run) => {
    const fraction = run.status === 'succeeded' ? 1 : run.progress ? run.progress.fraction : 0;
    $('progress').style.width = `${Math.round(fraction * 100)}%`;
    const stage = run.progress ? ` — ${run.progress.stage}${run.progress.detail ? ` (${run.progress.detail})` : ''}` : '';
    setStatus(`${run.name}: ${run.status}${stage}`, '');
  };
  const finish = async (run, via) => {
    $('progress').style.width = run.status === 'succeeded' ? '100%' : $('progress').style.width;
    $('run').disabled = false;
    if (run.status === 'failed') {
      setStatus(`${run.name}: failed — ${run.error}`, 'failed');
    } else {
      setStatus(`${run.name}: succeeded in ${run.seconds} s (run ${run.id})`, 'succeeded');
    }
    $('status').dataset.via = via;
    if (run.status === 'succeeded') await showReport(run);
  };
  const poll = async () => {
    let run;
    try {
      const response = await fetch(`/api/runs/${id}`);
      run = await response.json();
      if (!response.ok) throw new Error(run.detail);
    } catch (e) {
      setStatus(`lost the run: ${e.message}`, 'failed');
      $('run').disabled = false;
      return;
    }
    if (run.status === 'queued' || run.status === 'running') {
      progress(run);
      polling = setTimeout(poll, 300);
      return;
    }
    await finish(run, 'polling');
  };
  if (typeof EventSource !== 'function') {
    poll();
    return;
  }
  const source = new EventSource(`/api/runs/${id}/events`);
  stream = source;
  let ended = false;
  source.addEventListener('progress', (e) => progress(JSON.parse(e.data)));
  source.addEventListener('done', (e) => {
    ended = true;
    source.close();
    finish(JSON.parse(e.data), 'events');
  });
  source.onerror = () => {
    // The stream could not be opened or broke before the run ended: poll instead (EventSource would retry forever).
    source.close();
    if (stream === source) stream = null;
    if (!ended) poll();
  };
}

async function showReport(run) {
  const links = $('report-links');
  links.replaceChildren(
    el('a', { href: `/api/runs/${run.id}/report`, target: '_blank', rel: 'noopener', text: 'report' }), document.createTextNode(' · '),
    el('a', { href: `/api/runs/${run.id}`, target: '_blank', rel: 'noopener', text: 'summary JSON' }), document.createTextNode(' · '),
    el('a', { href: `/api/runs/${run.id}/scenario`, target: '_blank', rel: 'noopener', text: 'scenario' }));
  if (!run.has_report) return;
  const response = await fetch(`/api/runs/${run.id}/report`);
  const type = response.headers.get('Content-Type') || '';
  if (type.startsWith('text/html')) {
    const frame = $('report-frame');
    frame.src = `/api/runs/${run.id}/report`;
    frame.hidden = false;
  } else {
    const text = $('report-text');
    text.textContent = await response.text();
    text.hidden = false;
  }
}

let runsCache = [];
async function loadRuns() {
  const response = await fetch('/api/runs?limit=200');
  const body = await response.json();
  runsCache = body.runs;
  $('runs-table').tBodies[0].replaceChildren(...runsCache.map((run) => {
    const open = el('button', { type: 'button', text: 'open' });
    open.addEventListener('click', () => openRun(run.id));
    return el('tr', { 'data-id': run.id },
      el('td', { text: run.created.replace('T', ' ').slice(0, 19) }),
      el('td', { text: run.name }),
      el('td', {}, el('span', { class: `badge ${run.status}`, text: run.status })),
      el('td', { text: run.source }),
      el('td', { class: 'num', text: run.seconds ?? '' }),
      el('td', { class: 'mono', text: run.id }),
      el('td', {}, open));
  }));
  for (const [select, index] of [[$('compare-a'), 1], [$('compare-b'), 0]]) {
    const previous = select.value;
    select.replaceChildren(...runsCache.filter((r) => r.status === 'succeeded').map((r) => el('option', { value: r.id, text: `${r.created.replace('T', ' ').slice(0, 19)} ${r.name} (${r.id.slice(-6)})` })));
    if (previous) select.value = previous; else if (select.options.length > index) select.selectedIndex = index;
  }
}
$('refresh-runs').addEventListener('click', loadRuns);

async function openRun(id) {
  const scenario = await fetch(`/api/runs/${id}/scenario`);
  if (scenario.ok) {
    editor.value = await scenario.text();
    renderEditor();
    check();
  }
  showTab('scenario');
  watch(id);
}

// ---- compare: `colossim compare` on two runs of the history (GET /api/compare) ----
$('compare').addEventListener('click', async () => {
  const a = $('compare-a').value;
  const b = $('compare-b').value;
  const state = $('compare-state');
  state.textContent = 'comparing…';
  const figures = $('compare-table').tBodies[0];
  const inputs = $('compare-inputs').tBodies[0];
  let body;
  try {
    const response = await fetch(`/api/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
    body = await response.json();
    if (!response.ok) throw new Error(body.detail || response.statusText);
  } catch (e) {
    state.textContent = `cannot compare: ${e.message}`;
    figures.replaceChildren();
    inputs.replaceChildren();
    return;
  }
  const diffOnly = $('compare-diff-only').checked;
  const rows = [];
  body.metrics.forEach((m, i) => {
    const differs = m.change !== null && m.change !== 0;
    if (diffOnly && !differs && m.a !== null && m.b !== null) return;
    const cells = body.rows[i];
    const verdict = m.verdict ?? '';
    rows.push(el('tr', { class: differs ? `differs ${verdict}` : '' },
      el('td', { text: cells[0] }), el('td', { text: cells[1] }),
      el('td', { class: 'num', text: cells[2] }), el('td', { class: 'num', text: cells[3] }),
      el('td', { class: 'num', text: cells[4] }), el('td', { class: 'num', text: cells[5] }),
      el('td', { class: `verdict ${verdict}`, text: verdict })));
  });
  if (rows.length === 0) rows.push(el('tr', {}, el('td', { colspan: '7', class: 'muted', text: 'no figure differs' })));
  figures.replaceChildren(...rows);
  inputs.replaceChildren(...(body.input_rows.length === 0
    ? [el('tr', {}, el('td', { colspan: '3', class: 'muted', text: 'the inputs are the same (scenario, seed, sites, tenants, workloads)' }))]
    : body.input_rows.map((r) => el('tr', { class: 'differs' }, el('td', { class: 'mono', text: r[0] }), el('td', { class: 'mono', text: r[1] }), el('td', { class: 'mono', text: r[2] })))));
  const changed = body.metrics.filter((m) => m.change !== null && m.change !== 0).length;
  state.textContent = `A: ${body.a.scenario} (${body.a.run.slice(-6)}) · B: ${body.b.scenario} (${body.b.run.slice(-6)}) · ${changed} figure(s) and ${body.inputs.length} input(s) differ`;
});

// ---- catalog ----
let catalog = null;
async function loadCatalog() {
  if (!catalog) catalog = await (await fetch('/api/catalog')).json();
  const bar = $('catalog-sections');
  if (bar.childElementCount === 0) {
    for (const section of Object.keys(catalog)) {
      const b = el('button', { type: 'button', text: `${section} (${catalog[section].length})` });
      b.addEventListener('click', () => showSection(section));
      bar.append(b);
    }
    showSection(Object.keys(catalog)[0]);
  }
}
function showSection(section) {
  const entries = catalog[section];
  const columns = [...new Set(entries.flatMap((e) => Object.keys(e).filter((k) => e[k] === null || typeof e[k] !== 'object')))];
  const table = el('table', { class: 'grid', id: `catalog-${section}` },
    el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { text: c })))),
    el('tbody', {}, ...entries.map((e) => el('tr', {}, ...columns.map((c) => el('td', { class: typeof e[c] === 'number' ? 'num' : '', text: e[c] === null || e[c] === undefined ? '' : (typeof e[c] === 'number' ? e[c].toLocaleString('en-US') : String(e[c])) }))))));
  $('catalog').replaceChildren(el('h3', { text: section }), table);
}

loadExample();
