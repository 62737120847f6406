import { announce, clear, h, toast, uid } from '../dom.js';
import { accounts, api } from '../api.js';
import { textField, validate, setError, showProblem, errorSummary, clearSummary } from '../forms.js';
import * as checks from '../checks.js';

export async function render(main, params, ctx) {
  const [byId, availability] = await Promise.all([
    accounts(), api('GET', '/v2/cloud-gateways/availability.json')]);
  const accountList = [...byId.values()];
  if (accountList.length === 0) {
    clear(main, h('h1', {}, 'Create network'), h('div', { class: 'empty card' },
      h('h2', {}, 'No provider account is configured'),
      h('p', {}, 'Start Causeway with a provider (for example ', h('code', {}, './causeway up --provider simulated'), ') to create networks.')));
    return;
  }
  const account = selectField('Provider account', 'cloud_gateway_provider_account_id',
    accountList.map((a) => [a.id, a.label]),
    'Where the network is created. A simulated account creates nothing in a cloud.');
  const region = selectField('Region', 'region', [], '');
  const zones = zoneField();
  const name = textField({ label: 'Name', path: 'name', hint: 'Shown in lists; you can change it later.', check: checks.name });
  const cidr = textField({ label: 'Address range (CIDR)', path: 'cidr_block', placeholder: '10.1.0.0/16',
    hint: 'A private IPv4 range for the gateways, such as 10.1.0.0/16. It must not overlap the address space of any VNET you will peer.' });
  const cidrStatus = h('p', { class: 'check-status', 'aria-live': 'polite', id: uid('cidr-status') });
  cidr.wrap.append(cidrStatus);
  const summary = errorSummary();
  const submit = h('button', { class: 'button primary', type: 'submit' }, 'Create network');

  const regionsFor = (acc) => {
    const provider = (availability.providers || []).find((p) => p.provider === acc.provider);
    return provider ? provider.regions : [];
  };
  const currentRules = () => {
    const acc = byId.get(account.input.value);
    const reg = regionsFor(acc).find((r) => r.region === region.input.value) || {};
    return { provider: acc.provider, allowed: reg.cidr_blocks || [], reserved: reg.reserved_cidr_blocks || [] };
  };
  const checkCidr = () => {
    if (!cidr.input.value.trim()) { cidrStatus.textContent = ''; setError(cidr, ''); return false; }
    const message = checks.cidr(cidr.input.value, currentRules(), zones.chosen().length);
    setError(cidr, message);
    cidrStatus.textContent = message ? '' : `✓ ${checks.cidrSize(cidr.input.value).toLocaleString()} addresses; fits the rules.`;
    return !message;
  };
  cidr.check = (v) => checks.cidr(v, currentRules(), zones.chosen().length);
  cidr.input.addEventListener('input', checkCidr);

  const fillRegions = () => {
    const regions = regionsFor(byId.get(account.input.value));
    region.input.replaceChildren(...regions.map((r) => h('option', { value: r.region }, r.name || r.region)));
    fillZones();
  };
  const fillZones = () => {
    const reg = regionsFor(byId.get(account.input.value)).find((r) => r.region === region.input.value);
    zones.fill(reg ? reg.availability_zones || [] : []);
    checkCidr();
  };
  account.input.addEventListener('change', fillRegions);
  region.input.addEventListener('change', fillZones);
  zones.onChange(checkCidr);
  fillRegions();

  const form = h('form', { class: 'card form', novalidate: true },
    summary, account.wrap, region.wrap, zones.wrap, name.wrap, cidr.wrap,
    h('div', { class: 'actions' }, h('a', { class: 'button ghost', href: '#/networks' }, 'Cancel'), submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearSummary(summary);
    const ok = [validate(name, false), validate(cidr, false), zones.validate()];
    if (ok.includes(false)) {
      const first = [name, cidr].find((f) => f.input.getAttribute('aria-invalid') === 'true');
      announce('Some fields need a change before the network can be created.');
      (first ? first.input : zones.first()).focus();
      return;
    }
    submit.disabled = true;
    try {
      const created = await api('POST', '/v2/cloud-gateways/networks', {
        name: name.input.value.trim(),
        cloud_gateway_provider_account_id: account.input.value,
        region: region.input.value,
        availability_zones: zones.chosen(),
        cidr_block: cidr.input.value.trim(),
      });
      toast(`Network ${created.name} is being created.`);
      location.hash = `#/networks/${created.id}`;
    } catch (e) {
      if (ctx.signal.aborted) return;
      showProblem(e, [account, region, zones.field, name, cidr], summary);
      if (!e.invalid.length) summary.focus();
    } finally {
      submit.disabled = false;
    }
  });
  clear(main,
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/networks' }, 'Networks'), ' / ', 'Create'),
    h('h1', {}, 'Create network'),
    h('p', { class: 'lead' }, 'The network is the address space your dedicated gateways run in. Once it is ready, peer it with your VNET.'),
    form);
}

function selectField(label, path, options, hint) {
  const id = uid('s');
  const input = h('select', { id, 'data-field': path, 'aria-describedby': `${id}-hint ${id}-error` },
    options.map(([value, text]) => h('option', { value }, text)));
  const error = h('p', { class: 'field-error', id: `${id}-error`, 'data-error-for': path });
  const wrap = h('div', { class: 'field' }, h('label', { for: id, class: 'label' }, label),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null, input, error);
  return { path, input, error, wrap, label };
}

function zoneField() {
  const legendId = uid('zones');
  const error = h('p', { class: 'field-error', id: `${legendId}-error`, 'data-error-for': 'availability_zones' });
  const boxes = h('div', { class: 'checks' });
  const fieldset = h('fieldset', { class: 'field', tabindex: '-1', 'aria-describedby': `${legendId}-hint ${legendId}-error` },
    h('legend', { class: 'label', id: legendId }, 'Availability zones'),
    h('p', { class: 'hint', id: `${legendId}-hint` }, 'More zones survive more failures and need a larger range: 2 zones need a /23, 3–4 a /22, 5 a /21.'),
    boxes, error);
  let listener = () => {};
  const chosen = () => [...boxes.querySelectorAll('input:checked')].map((i) => i.value);
  const field = { path: 'availability_zones', input: fieldset, error, wrap: fieldset, label: 'Availability zones' };
  const validateZones = () => {
    const message = chosen().length === 0 ? 'Choose at least one availability zone.' : '';
    setError(field, message);
    return !message;
  };
  return {
    wrap: fieldset,
    field,
    chosen,
    first: () => boxes.querySelector('input') || fieldset,
    onChange(callback) { listener = callback; },
    fill(zoneNames) {
      boxes.replaceChildren(...zoneNames.map((z, i) => {
        const id = uid('zone');
        const box = h('input', { type: 'checkbox', id, value: z, checked: i < 2, 'data-zone': z });
        box.addEventListener('change', () => { listener(); validateZones(); });
        return h('div', { class: 'check' }, box, h('label', { for: id }, z));
      }));
    },
    validate: validateZones,
  };
}
