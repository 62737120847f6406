// Small DOM builder: h('p', {class: 'x', onclick: f}, 'text', child). Text is always set as
// text, never parsed as HTML, so nothing an API returns can inject markup.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'value') {
      el.value = value;
    } else if (key === 'checked') {
      el.checked = !!value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let counter = 0;
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

const toastEl = () => document.getElementById('toast');
let toastTimer;

// Polite announcement, visible for a few seconds: confirmations of what just happened.
export function toast(message) {
  const el = toastEl();
  el.textContent = message;
  el.classList.add('shown');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('shown'), 5000);
}

// Assertive announcement for screen readers only (errors already shown beside their fields).
export function announce(message) {
  const el = document.getElementById('announcer');
  el.textContent = '';
  setTimeout(() => { el.textContent = message; }, 50);
}

export function focusHeading(root) {
  const heading = root.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

const STATE_WORDS = {
  created: 'Created',
  initializing: 'Initializing',
  ready: 'Ready',
  offline: 'Offline',
  terminating: 'Deleting',
  terminated: 'Deleted',
  'pending-user-action': 'Action needed',
  error: 'Error',
};

export function badge(state) {
  const kind = {
    ready: 'ok', 'pending-user-action': 'warn', error: 'bad', offline: 'muted',
    terminating: 'busy', created: 'busy', initializing: 'busy',
  }[state] || 'muted';
  return h('span', { class: `badge ${kind}`, 'data-state': state }, STATE_WORDS[state] || state);
}

export function isTransitional(state) {
  return ['created', 'initializing', 'terminating'].includes(state);
}

export function formatDate(text) {
  if (!text) return '';
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : d.toLocaleString();
}

// A modal confirmation: resolves true when the user confirms. <dialog> traps focus and closes
// on Escape by itself.
export function confirmDialog({ title, body, confirm, danger = true }) {
  return new Promise((resolve) => {
    const titleId = uid('dialog-title');
    const ok = h('button', { class: `button ${danger ? 'danger' : 'primary'}`, type: 'button', 'data-action': 'confirm' }, confirm);
    const cancel = h('button', { class: 'button ghost', type: 'button', 'data-action': 'cancel' }, 'Cancel');
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId },
      h('h2', { id: titleId }, title),
      body,
      h('div', { class: 'actions' }, cancel, ok));
    const done = (value) => { dialog.close(); dialog.remove(); resolve(value); };
    ok.addEventListener('click', () => done(true));
    cancel.addEventListener('click', () => done(false));
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

// A code block with a copy button that says what it copied.
export function copyBlock(label, text, id) {
  const code = h('pre', { class: 'code', id, tabindex: '0', 'aria-label': label }, h('code', {}, text));
  const button = h('button', { class: 'button small', type: 'button', 'data-copy': id },
    'Copy');
  button.addEventListener('click', async () => {
    const copied = await copyText(text, code);
    button.textContent = copied ? 'Copied' : 'Select and copy';
    toast(copied ? `${label} copied to the clipboard` : `Copying is blocked here: select the text and copy it`);
    setTimeout(() => { button.textContent = 'Copy'; }, 2500);
  });
  return h('div', { class: 'copy-block' }, h('div', { class: 'copy-head' }, h('span', {}, label), button), code);
}

async function copyText(text, block) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch (e) {
    // Fall through: headless or permission-less browsers refuse the async clipboard.
  }
  const range = document.createRange();
  range.selectNodeContents(block);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  try {
    return document.execCommand('copy');
  } catch (e) {
    return false;
  }
}
