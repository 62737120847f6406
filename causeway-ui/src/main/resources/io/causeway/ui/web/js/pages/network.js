import { badge, clear, confirmDialog, formatDate, h, isTransitional, toast } from '../dom.js';
import { accounts, api, listAll } from '../api.js';
import { providerCell } from './networks.js';

const NETWORK_WORDS = {
  created: 'Waiting for the provider to start creating the network.',
  initializing: 'The provider is creating the network. This page updates by itself.',
  ready: 'Ready: gateways can run here, and you can peer it with your VNETs.',
  offline: 'The network is offline.',
  terminating: 'The network is being deleted.',
};

export const GATEWAY_WORDS = {
  created: 'Accepted; the platform starts on it shortly.',
  initializing: 'Creating the peering and the DNS forwarding.',
  ready: 'Peered: gateways reach your VNET, and DNS queries for your domains are forwarded.',
  'pending-user-action': 'Waiting for you: an Azure step is missing.',
  error: 'Failed: the input needs a change.',
  terminating: 'Being deleted.',
};

export async function render(main, [id], ctx) {
  const [byId, first, firstGateways] = await Promise.all([
    accounts(), api('GET', `/v2/cloud-gateways/networks/${id}`), gatewaysOf(id)]);
  let n = first;
  let gateways = firstGateways;
  const head = h('div', {});
  const facts = h('div', {});
  const peerings = h('section', { class: 'section', 'aria-labelledby': 'peerings-title' });
  const danger = h('section', { class: 'section danger-zone', 'aria-labelledby': 'danger-title' });
  clear(main,
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/networks' }, 'Networks'), ' / ', n.name),
    head, facts, peerings, danger);
  const draw = () => {
    drawHead(head, n);
    drawFacts(facts, n, byId.get(n.cloud_gateway_provider_account_id));
    drawPeerings(peerings, n, gateways);
    drawDanger(danger, n, gateways);
  };
  draw();
  ctx.every(2000, async () => {
    if (!isTransitional(n.state) && !gateways.some((g) => isTransitional(g.state))) return true;
    [n, gateways] = await Promise.all([api('GET', `/v2/cloud-gateways/networks/${id}`), gatewaysOf(id)]);
    if (!ctx.signal.aborted) draw();
    return true;
  });
}

export function gatewaysOf(networkId) {
  return listAll(`/v2/cloud-gateways/networks/${networkId}/transit-gateways`);
}

function drawHead(head, n) {
  const reason = n.state_metadata && n.state_metadata.reason;
  clear(head, h('div', { class: 'page-head' },
    h('div', {}, h('h1', {}, n.name, ' ', badge(n.state)),
      h('p', { class: 'lead', 'aria-live': 'polite', id: 'network-state' }, NETWORK_WORDS[n.state] || n.state,
        reason ? h('span', { class: 'reason' }, ` ${capitalise(reason)}.`) : null)),
    h('a', { class: 'button primary', href: `#/networks/${n.id}/peering/new`, id: 'configure-peering' }, 'Configure VNET peering')));
}

function drawFacts(facts, n, account) {
  clear(facts, h('dl', { class: 'facts card' },
    fact('Provider', providerCell(account)),
    fact('Region', n.region),
    fact('Availability zones', (n.availability_zones || []).join(', ')),
    fact('Address range', h('code', {}, n.cidr_block)),
    fact('Network ID', h('code', {}, n.id)),
    fact('Created', formatDate(n.created_at))));
}

function fact(term, value) {
  return h('div', {}, h('dt', {}, term), h('dd', {}, value));
}

function drawPeerings(section, n, gateways) {
  const title = h('h2', { id: 'peerings-title' }, 'VNET peerings');
  if (gateways.length === 0) {
    clear(section, title, h('div', { class: 'empty card' },
      h('h3', {}, 'No VNET peering yet'),
      h('p', {}, 'Peer this network with your Azure VNET so the gateways can reach your private APIs and resolve their private names.'),
      h('a', { class: 'button primary', href: `#/networks/${n.id}/peering/new` }, 'Configure VNET peering')));
    return;
  }
  clear(section, title, h('div', { class: 'card flush' }, h('table', { class: 'table', 'aria-label': 'VNET peerings' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Azure VNET'),
      h('th', { scope: 'col' }, 'DNS forwarding'), h('th', { scope: 'col' }, 'State'))),
    h('tbody', {}, gateways.map((g) => gatewayRow(n, g))))));
}

function gatewayRow(n, g) {
  const a = g.transit_gateway_attachment_config || {};
  const reason = g.state_metadata && g.state_metadata.reason;
  return h('tr', { 'data-gateway': g.id },
    h('td', {}, h('a', { class: 'strong', href: `#/networks/${n.id}/transit-gateways/${g.id}` }, g.name)),
    h('td', {}, h('span', {}, `${a.resource_group_name} / ${a.vnet_name}`),
      h('div', { class: 'sub' }, `subscription ${a.subscription_id}`)),
    h('td', {}, dnsSummary(g.dns_config || [])),
    h('td', {}, badge(g.state), reason ? h('div', { class: 'sub' }, capitalise(reason)) : null));
}

export function dnsSummary(config) {
  if (config.length === 0) return 'None';
  const domains = config.reduce((sum, e) => sum + (e.domain_proxy_list || []).length, 0);
  const servers = new Set(config.flatMap((e) => e.remote_dns_server_ip_addresses || [])).size;
  return `${domains} ${domains === 1 ? 'domain' : 'domains'} → ${servers} ${servers === 1 ? 'server' : 'servers'}`;
}

export function capitalise(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

function drawDanger(section, n, gateways) {
  const button = h('button', { class: 'button danger', type: 'button', id: 'delete-network' }, 'Delete network');
  const note = gateways.length > 0
    ? `Delete its ${gateways.length} VNET ${gateways.length === 1 ? 'peering' : 'peerings'} first.`
    : 'Removes the network and everything the provider created for it.';
  clear(section, h('h2', { id: 'danger-title' }, 'Delete'), h('div', { class: 'card row' }, h('p', {}, note), button));
  button.addEventListener('click', async () => {
    const yes = await confirmDialog({
      title: `Delete network ${n.name}?`,
      body: h('div', {},
        h('p', {}, 'This removes the network ', h('strong', {}, n.name), ` (${n.cidr_block}, region ${n.region}) and the provider resources made for it.`),
        gateways.length > 0 ? h('p', { class: 'warning' }, `It still has VNET peerings: ${gateways.map((g) => g.name).join(', ')}. The API refuses to delete it until they are gone.`) : null),
      confirm: 'Delete network',
    });
    if (!yes) { button.focus(); return; }
    try {
      await api('DELETE', `/v2/cloud-gateways/networks/${n.id}`);
      toast(`Network ${n.name} is being deleted.`);
      location.hash = '#/networks';
    } catch (e) {
      clear(section, h('h2', { id: 'danger-title' }, 'Delete'),
        h('div', { class: 'card row' }, h('p', { class: 'problem', role: 'alert' }, e.message), button));
      button.focus();
    }
  });
}
