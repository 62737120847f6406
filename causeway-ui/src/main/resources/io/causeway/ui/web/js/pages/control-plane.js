import { clear, formatDate, h } from '../dom.js';
import { api } from '../api.js';

// One control plane: what its data planes serve (services, routes) and whether each connected
// node runs the configuration the control plane expects.
export async function render(main, [id], ctx) {
  const base = `/v2/control-planes/${id}`;
  const [cp, services, routes, nodes] = await Promise.all([
    api('GET', base), entities(`${base}/core-entities/services`), entities(`${base}/core-entities/routes`), nodesOf(base)]);
  const nodesSection = h('section', { class: 'section', 'aria-labelledby': 'nodes-title' });
  clear(main,
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/control-planes' }, 'Control planes'), ' / ', cp.name),
    h('h1', {}, cp.name),
    h('p', { class: 'lead' }, cp.description || 'A gateway configuration and the data-plane nodes that serve it.'),
    nodesSection,
    h('section', { class: 'section', 'aria-labelledby': 'services-title' }, h('h2', { id: 'services-title' }, 'Services'), servicesTable(services)),
    h('section', { class: 'section', 'aria-labelledby': 'routes-title' }, h('h2', { id: 'routes-title' }, 'Routes'), routesTable(routes, services)));
  drawNodes(nodesSection, nodes);
  ctx.every(5000, async () => {
    drawNodes(nodesSection, await nodesOf(base));
    return true;
  });
}

async function entities(path) {
  const items = [];
  let next = `${path}?size=100`;
  for (let i = 0; next && i < 20; i += 1) {
    const page = await api('GET', next);
    items.push(...(page.data || []));
    next = page.next || null;
  }
  return items;
}

async function nodesOf(base) {
  const items = [];
  let next = `${base}/nodes?page%5Bsize%5D=100`;
  for (let i = 0; next && i < 20; i += 1) {
    const page = await api('GET', next);
    items.push(...(page.items || []));
    next = page.page && page.page.next ? page.page.next : null;
  }
  return items;
}

function empty(title, text) {
  return h('div', { class: 'empty card' }, h('h3', {}, title), h('p', {}, text));
}

function configHint() {
  return ['Add them with ', h('code', {}, './causeway config apply kong.yaml'), ' (a Kong declarative file) or through the API.'];
}

function drawNodes(section, nodes) {
  const title = h('h2', { id: 'nodes-title' }, 'Data-plane nodes');
  if (nodes.length === 0) {
    clear(section, title, empty('No data-plane node is connected', 'Nodes appear here when they connect to the cluster listener; each one shows whether it runs the current configuration.'));
    return;
  }
  clear(section, title, h('div', { class: 'card flush' }, h('table', { class: 'table', 'aria-label': 'Data-plane nodes', id: 'nodes-table' },
    h('thead', {}, h('tr', {}, ['Host', 'Version', 'Last ping', 'Configuration'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, nodes.map((n) => h('tr', { 'data-node': n.id },
      h('td', { class: 'strong' }, n.hostname),
      h('td', {}, n.version),
      h('td', {}, n.last_ping ? formatDate(new Date(n.last_ping * 1000).toISOString()) : 'never'),
      h('td', {}, n.in_sync
        ? h('span', { class: 'badge ok' }, 'In sync')
        : h('span', { class: 'badge warn' }, 'Not in sync'),
        n.config_hash ? h('div', { class: 'sub' }, h('code', {}, n.config_hash.slice(0, 12))) : null)))))));
}

function servicesTable(services) {
  if (services.length === 0) return empty('No services yet', configHint());
  return h('div', { class: 'card flush' }, h('table', { class: 'table', 'aria-label': 'Services', id: 'services-table' },
    h('thead', {}, h('tr', {}, ['Name', 'Upstream URL', 'Tags'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, services.map((s) => h('tr', {},
      h('td', { class: 'strong' }, s.name || s.id),
      h('td', {}, h('code', {}, `${s.protocol || 'http'}://${s.host}${s.port ? `:${s.port}` : ''}${s.path || ''}`)),
      h('td', {}, (s.tags || []).join(', ')))))));
}

function routesTable(routes, services) {
  if (routes.length === 0) return empty('No routes yet', configHint());
  const names = new Map(services.map((s) => [s.id, s.name || s.id]));
  return h('div', { class: 'card flush' }, h('table', { class: 'table', 'aria-label': 'Routes', id: 'routes-table' },
    h('thead', {}, h('tr', {}, ['Name', 'Matches', 'Service'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, routes.map((r) => h('tr', {},
      h('td', { class: 'strong' }, r.name || r.id),
      h('td', {}, matches(r)),
      h('td', {}, r.service ? names.get(r.service.id) || r.service.id : '—'))))));
}

function matches(route) {
  const parts = [];
  if (route.methods && route.methods.length) parts.push(route.methods.join(' '));
  if (route.hosts && route.hosts.length) parts.push(`host ${route.hosts.join(', ')}`);
  if (route.paths && route.paths.length) parts.push(`path ${route.paths.join(', ')}`);
  return parts.length ? parts.join(' · ') : 'everything';
}
