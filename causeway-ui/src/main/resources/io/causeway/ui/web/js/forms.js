import { h, uid, announce } from './dom.js';

// A labelled input with its hint and its error slot, wired for screen readers.
export function textField({ label, path, value = '', hint, type = 'text', placeholder, autocomplete = 'off', required = true, check, srLabel = false }) {
  const id = uid('f');
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const input = h('input', {
    id, type, value, placeholder, autocomplete, spellcheck: 'false',
    'data-field': path, required: required || undefined,
    'aria-describedby': `${hint ? hintId : ''} ${errorId}`.trim(),
  });
  const error = h('p', { class: 'field-error', id: errorId, 'data-error-for': path });
  const labelEl = h('label', { for: id, class: srLabel ? 'visually-hidden' : 'label' }, label);
  const wrap = h('div', { class: 'field' }, labelEl,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null, input, error);
  const f = { path, input, error, wrap, label, check };
  if (check) {
    // Checked on leaving the field, and again while typing once it was shown wrong.
    // An empty field is not an error while the user moves around (only on submit): messages
    // popping up on blur also move the layout under the pointer.
    input.addEventListener('blur', () => {
      if (input.value.trim() || input.getAttribute('aria-invalid') === 'true') validate(f, true);
    });
    input.addEventListener('input', () => { if (input.getAttribute('aria-invalid') === 'true') validate(f, false); });
  }
  return f;
}

export function validate(f, announceIt) {
  const message = f.check ? f.check(f.input.value) : '';
  setError(f, message || '');
  if (message && announceIt) announce(`${f.label}: ${message}`);
  return !message;
}

export function setError(f, message) {
  f.error.textContent = message;
  if (message) f.input.setAttribute('aria-invalid', 'true');
  else f.input.removeAttribute('aria-invalid');
}

// Shows a problem answer: each invalid_parameters entry beside its field (or the nearest field
// of an enclosing path), the rest in the summary. Returns the fields that got an error.
export function showProblem(error, fields, summary) {
  const byPath = new Map(fields.map((f) => [f.path, f]));
  const unplaced = [];
  const placed = [];
  for (const f of fields) setError(f, '');
  for (const p of error.invalid || []) {
    // The API's reasons start with the dotted field path; beside the field itself that is noise.
    const full = p.reason || p.rule || 'invalid';
    const reason = p.field && full.startsWith(`${p.field}: `) ? full.slice(p.field.length + 2) : full;
    let path = p.field || '';
    let target = byPath.get(path);
    while (!target && path.includes('.')) {
      path = path.slice(0, path.lastIndexOf('.'));
      target = byPath.get(path);
    }
    if (target) {
      setError(target, target.error.textContent ? `${target.error.textContent} ${reason}` : reason);
      placed.push(target);
    } else {
      unplaced.push(p.field ? `${p.field}: ${reason}` : reason);
    }
  }
  showSummary(summary, error, placed, unplaced);
  if (placed.length > 0) placed[0].input.focus();
  return placed;
}

function showSummary(summary, error, placed, unplaced) {
  summary.replaceChildren();
  summary.hidden = false;
  const count = placed.length + unplaced.length;
  summary.append(h('p', { class: 'summary-title' },
    count > 0 ? `The API refused this: ${count} ${count === 1 ? 'problem' : 'problems'} to fix.` : error.message));
  const list = h('ul', {});
  for (const f of placed) {
    const link = h('a', { href: '#', 'data-goto': f.path }, `${f.label}: ${f.error.textContent}`);
    link.addEventListener('click', (e) => { e.preventDefault(); f.input.focus(); });
    list.append(h('li', {}, link));
  }
  for (const text of unplaced) list.append(h('li', {}, text));
  if (count > 0) summary.append(list);
}

export function errorSummary() {
  return h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
}

export function clearSummary(summary) {
  summary.replaceChildren();
  summary.hidden = true;
}
