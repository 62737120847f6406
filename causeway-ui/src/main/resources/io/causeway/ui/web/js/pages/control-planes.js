import { clear, confirmDialog, formatDate, h, toast } from '../dom.js';
import { api, listAll } from '../api.js';
import { textField, validate, showProblem, errorSummary, clearSummary } from '../forms.js';

export async function render(main, params, ctx) {
  const list = await listAll('/v2/control-planes');
  const body = h('div', {});
  const name = textField({ label: 'Name', path: 'name', hint: '2 to 256 characters, such as "payments".', check: nameRule });
  const description = textField({ label: 'Description (optional)', path: 'description', required: false });
  const summary = errorSummary();
  const submit = h('button', { class: 'button primary', type: 'submit' }, 'Create control plane');
  const form = h('form', { class: 'card form inline-form', novalidate: true, 'aria-labelledby': 'new-cp-title' },
    h('h2', { id: 'new-cp-title' }, 'New control plane'), summary, name.wrap, description.wrap, h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearSummary(summary);
    if (!validate(name, true)) { name.input.focus(); return; }
    submit.disabled = true;
    try {
      const created = await api('POST', '/v2/control-planes', {
        name: name.input.value.trim(),
        description: description.input.value.trim() || undefined,
        cloud_gateway: true,
      });
      list.push(created);
      name.input.value = '';
      description.input.value = '';
      draw(body, list);
      toast(`Control plane ${created.name} created.`);
    } catch (e) {
      showProblem(e, [name, description], summary);
      if (!e.invalid.length) summary.focus();
    } finally {
      submit.disabled = false;
    }
  });
  clear(main,
    h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Control planes'),
      h('p', { class: 'lead' }, 'A control plane holds one gateway configuration: services, routes and the data-plane nodes that serve them.'))),
    body, form);
  draw(body, list);
}

function draw(body, list) {
  if (list.length === 0) {
    clear(body, h('div', { class: 'empty card' }, h('h2', {}, 'No control planes'),
      h('p', {}, 'Create one below to hold your gateway configuration.')));
    return;
  }
  clear(body, h('div', { class: 'card flush' }, h('table', { class: 'table', 'aria-label': 'Control planes' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Description'),
      h('th', { scope: 'col' }, 'Cluster type'), h('th', { scope: 'col' }, 'Created'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
    h('tbody', {}, list.map((cp) => row(cp, body, list))))));
}

function row(cp, body, list) {
  const remove = h('button', { class: 'button ghost small', type: 'button', 'data-delete': cp.name }, `Delete`);
  remove.setAttribute('aria-label', `Delete control plane ${cp.name}`);
  remove.addEventListener('click', async () => {
    const yes = await confirmDialog({
      title: `Delete control plane ${cp.name}?`,
      body: h('p', {}, 'This removes the control plane ', h('strong', {}, cp.name),
        ' with its services, routes and upstreams. Data-plane nodes connected to it stop receiving configuration.'),
      confirm: 'Delete control plane',
    });
    if (!yes) { remove.focus(); return; }
    try {
      await api('DELETE', `/v2/control-planes/${cp.id}`);
      list.splice(list.indexOf(cp), 1);
      draw(body, list);
      toast(`Control plane ${cp.name} deleted.`);
    } catch (e) {
      toast(e.message);
    }
  });
  return h('tr', { 'data-control-plane': cp.id },
    h('td', {}, h('a', { class: 'strong', href: `#/control-planes/${cp.id}` }, cp.name)), h('td', {}, cp.description || ''),
    h('td', {}, (cp.config && cp.config.cluster_type) || ''), h('td', {}, formatDate(cp.created_at)), h('td', { class: 'right' }, remove));
}

function nameRule(value) {
  const text = value.trim();
  if (text.length < 2) return 'Enter at least 2 characters.';
  if (text.length > 256) return `At most 256 characters (this is ${text.length}).`;
  return '';
}
