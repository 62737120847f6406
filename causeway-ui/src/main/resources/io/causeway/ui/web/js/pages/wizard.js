import { announce, clear, h, toast } from '../dom.js';
import { api } from '../api.js';
import { textField, validate, showProblem, errorSummary, clearSummary } from '../forms.js';
import * as checks from '../checks.js';
import { dnsEditor } from './dns-editor.js';

const STEPS = ['Your VNET', 'DNS forwarding', 'Azure access', 'Status'];

// The progress list shown on every step of "Configure VNET peering".
export function stepper(current) {
  return h('ol', { class: 'stepper', 'aria-label': 'Steps of Configure VNET peering' },
    STEPS.map((label, i) => {
      const n = i + 1;
      const state = n < current ? 'done' : n === current ? 'current' : 'todo';
      return h('li', { class: state, 'aria-current': n === current ? 'step' : undefined },
        h('span', { class: 'step-number', 'aria-hidden': 'true' }, n < current ? '✓' : String(n)),
        h('span', {}, label, n < current ? h('span', { class: 'visually-hidden' }, ' (done)') : null));
    }));
}

export async function render(main, [networkId], ctx) {
  const network = await api('GET', `/v2/cloud-gateways/networks/${networkId}`);
  const fields = {
    name: textField({ label: 'Peering name', path: 'name', hint: 'For you: shown in lists, such as "prod-vnet".', check: checks.name }),
    tenant: textField({ label: 'Azure tenant ID', path: 'transit_gateway_attachment_config.tenant_id', placeholder: '00000000-0000-0000-0000-000000000000', hint: 'Microsoft Entra ID → Overview → Tenant ID.', check: checks.guid('tenant ID') }),
    subscription: textField({ label: 'Azure subscription ID', path: 'transit_gateway_attachment_config.subscription_id', placeholder: '00000000-0000-0000-0000-000000000000', hint: 'The subscription that holds your VNET (Subscriptions → Subscription ID).', check: checks.guid('subscription ID') }),
    group: textField({ label: 'Resource group', path: 'transit_gateway_attachment_config.resource_group_name', hint: 'The resource group of your VNET.', check: checks.resourceGroup }),
    vnet: textField({ label: 'VNET name', path: 'transit_gateway_attachment_config.vnet_name', hint: 'The virtual network to peer with this network.', check: checks.vnetName }),
  };
  const step1Fields = Object.values(fields);
  const editor = dnsEditor();
  const summary = errorSummary();
  const progress = h('div', {});
  const next = h('button', { class: 'button primary', type: 'button', id: 'wizard-next' }, 'Next: DNS forwarding');
  const back = h('button', { class: 'button ghost', type: 'button', id: 'wizard-back' }, 'Back');
  const create = h('button', { class: 'button primary', type: 'submit', id: 'wizard-create' }, 'Create peering');
  const panel1 = h('div', { class: 'card form', id: 'step-1' },
    h('h2', {}, '1. Your Azure VNET'),
    h('p', { class: 'hint' }, `The VNET to peer with ${network.name} (${network.cidr_block}). Its address space must not overlap ${network.cidr_block}.`),
    step1Fields.map((f) => f.wrap),
    h('div', { class: 'actions' }, h('a', { class: 'button ghost', href: `#/networks/${networkId}` }, 'Cancel'), next));
  const panel2 = h('div', { class: 'card form', id: 'step-2', hidden: true },
    h('h2', {}, '2. DNS forwarding'),
    h('p', { class: 'hint' }, 'The gateways resolve names of your private domains through your DNS servers (for example an Azure DNS Private Resolver inbound endpoint). Each row maps domains to the servers that answer for them: one domain to one server, many domains to one server, or many to many. No rows: nothing is forwarded.'),
    editor.wrap,
    h('div', { class: 'actions' }, back, create));
  const form = h('form', { novalidate: true }, panel1, panel2);
  const show = (step) => {
    panel1.hidden = step !== 1;
    panel2.hidden = step !== 2;
    clear(progress, stepper(step));
    const heading = (step === 1 ? panel1 : panel2).querySelector('h2');
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  };
  next.addEventListener('click', () => {
    clearSummary(summary);
    const bad = step1Fields.filter((f) => !validate(f, false));
    if (bad.length > 0) {
      announce(`${bad.length === 1 ? 'One field needs' : `${bad.length} fields need`} a change: ${bad[0].label}: ${bad[0].error.textContent}`);
      bad[0].input.focus();
      return;
    }
    show(2);
  });
  back.addEventListener('click', () => show(1));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearSummary(summary);
    if (!editor.validate()) return;
    create.disabled = true;
    try {
      const created = await api('POST', `/v2/cloud-gateways/networks/${networkId}/transit-gateways`, {
        name: fields.name.input.value.trim(),
        dns_config: editor.value(),
        transit_gateway_attachment_config: {
          kind: 'azure-vnet-peering-attachment',
          tenant_id: fields.tenant.input.value.trim(),
          subscription_id: fields.subscription.input.value.trim(),
          resource_group_name: fields.group.input.value.trim(),
          vnet_name: fields.vnet.input.value.trim(),
        },
      });
      toast(`Peering ${created.name} created. Next: give Causeway access in Azure.`);
      location.hash = `#/networks/${networkId}/transit-gateways/${created.id}/setup`;
    } catch (e) {
      if (ctx.signal.aborted) return;
      const placed = showProblem(e, [...step1Fields, ...editor.fields()], summary);
      const onStep1 = placed.some((f) => step1Fields.includes(f));
      if (onStep1) show(1);
      if (placed.length > 0) placed.find((f) => !onStep1 || step1Fields.includes(f)).input.focus();
      else summary.focus();
    } finally {
      create.disabled = false;
    }
  });
  clear(main,
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/networks' }, 'Networks'), ' / ',
      h('a', { href: `#/networks/${networkId}` }, network.name), ' / ', 'Configure VNET peering'),
    h('h1', {}, 'Configure VNET peering'),
    progress, summary, form);
  clear(progress, stepper(1));
}
