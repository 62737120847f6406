import { badge, clear, h, isTransitional } from '../dom.js';
import { accounts, listAll } from '../api.js';

export async function render(main, params, ctx) {
  const [list, byId] = await Promise.all([listAll('/v2/cloud-gateways/networks'), accounts()]);
  const body = h('div', {});
  clear(main,
    h('div', { class: 'page-head' },
      h('div', {}, h('h1', {}, 'Networks'),
        h('p', { class: 'lead' }, 'Each network is a private address space where your dedicated gateways run.')),
      h('a', { class: 'button primary', href: '#/networks/new' }, 'Create network')),
    body);
  draw(body, list, byId);
  ctx.every(3000, async () => {
    if (!list.some((n) => isTransitional(n.state))) return false;
    list.splice(0, list.length, ...(await listAll('/v2/cloud-gateways/networks')));
    draw(body, list, byId);
    return true;
  });
}

function draw(body, list, byId) {
  if (list.length === 0) {
    clear(body, h('div', { class: 'empty card' },
      h('h2', {}, 'No networks yet'),
      h('p', {}, 'Create a network first: pick a provider account, a region and a private address range. Then peer it with your Azure VNET so your gateways can reach your private APIs.'),
      h('a', { class: 'button primary', href: '#/networks/new' }, 'Create your first network')));
    return;
  }
  clear(body, h('div', { class: 'card flush' }, h('table', { class: 'table', 'aria-label': 'Networks' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Provider'),
      h('th', { scope: 'col' }, 'Region'), h('th', { scope: 'col' }, 'Address range'),
      h('th', { scope: 'col' }, 'VNET peerings'), h('th', { scope: 'col' }, 'State'))),
    h('tbody', {}, list.map((n) => row(n, byId.get(n.cloud_gateway_provider_account_id)))))));
}

function row(n, account) {
  return h('tr', { 'data-network': n.id },
    h('td', {}, h('a', { href: `#/networks/${n.id}`, class: 'strong' }, n.name),
      n.default ? h('span', { class: 'tag' }, 'default') : null),
    h('td', {}, providerCell(account)),
    h('td', {}, n.region),
    h('td', {}, h('code', {}, n.cidr_block)),
    h('td', {}, String(n.transit_gateway_count ?? '')),
    h('td', {}, badge(n.state)));
}

export function providerCell(account) {
  if (!account) return 'unknown account';
  const provider = account.provider === 'azure' ? 'Azure' : account.provider;
  if (account.provider_account_id === 'simulated') {
    return [provider, ' ', h('span', { class: 'tag sim', title: 'Nothing is created in a cloud: states advance by themselves' }, 'simulated')];
  }
  if (account.provider_account_id === 'local') return [provider, ' ', h('span', { class: 'tag' }, 'local')];
  return provider;
}
