import { badge, clear, confirmDialog, copyBlock, h, toast, announce } from '../dom.js';
import { api } from '../api.js';
import { stepper } from './wizard.js';
import { GATEWAY_WORDS, capitalise } from './network.js';
import { dnsEditor } from './dns-editor.js';
import { showProblem, errorSummary } from '../forms.js';

// '/setup' (where the wizard lands after creating) opens on the Azure steps whatever the state.
export async function render(main, [networkId, gatewayId, setupWanted], ctx) {
  const base = `/v2/cloud-gateways/networks/${networkId}/transit-gateways/${gatewayId}`;
  const [network, first, setup] = await Promise.all([
    api('GET', `/v2/cloud-gateways/networks/${networkId}`), api('GET', base), api('GET', `${base}/azure-setup`)]);
  let g = first;
  let step = !setupWanted && ['initializing', 'ready'].includes(g.state) ? 4 : 3;
  const progress = h('div', {});
  const body = h('div', {});
  const details = h('section', { class: 'section', 'aria-labelledby': 'details-title' });
  const danger = h('section', { class: 'section danger-zone', 'aria-labelledby': 'delete-title' });
  clear(main,
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/networks' }, 'Networks'), ' / ',
      h('a', { href: `#/networks/${networkId}` }, network.name), ' / ', g.name),
    h('h1', {}, `VNET peering ${g.name}`),
    progress, body, details, danger);
  const draw = (moveFocus) => {
    clear(progress, stepper(step));
    if (step === 3) drawSetup(body, setup, g, verify);
    else drawStatus(body, g, () => { step = 3; draw(true); }, verify);
    if (!details.dataset.editing) drawDetails(details, g, base, (changed) => { g = changed; draw(false); });
    drawDelete(danger, network, g, base);
    if (moveFocus) {
      const heading = body.querySelector('h2');
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  };
  const verify = async (button) => {
    button.disabled = true;
    button.textContent = 'Checking access…';
    try {
      g = await api('POST', `${base}/verify`);
      step = 4;
      draw(true);
      announce(`Checked: ${stateSentence(g)}`);
    } catch (e) {
      button.disabled = false;
      button.textContent = 'I have done this — check access';
      const out = body.querySelector('.verify-result');
      if (out) out.textContent = e.message;
    }
  };
  draw(false);
  let last = g.state;
  ctx.every(2000, async () => {
    if (['ready', 'error'].includes(g.state) && step === 4) return true;
    g = await api('GET', base);
    if (ctx.signal.aborted) return false;
    if (g.state !== last) {
      last = g.state;
      if (step === 4) draw(false);
      else {
        const line = body.querySelector('#setup-state');
        if (line) line.replaceChildren('Current state: ', badge(g.state), ' ', GATEWAY_WORDS[g.state] || g.state);
      }
      announce(stateSentence(g));
    }
    return true;
  });
}

function stateSentence(g) {
  const reason = g.state_metadata && g.state_metadata.reason;
  return `${GATEWAY_WORDS[g.state] || g.state}${reason ? ` ${capitalise(reason)}.` : ''}`;
}

function drawSetup(body, setup, g, verify) {
  const a = g.transit_gateway_attachment_config || {};
  const check = h('button', { class: 'button primary', type: 'button', id: 'verify' }, 'I have done this — check access');
  check.addEventListener('click', () => verify(check));
  clear(body, h('section', { class: 'card form', id: 'step-3' },
    h('h2', {}, '3. Give Causeway access to your VNET'),
    h('p', { class: 'hint' }, `Do these steps once, as an administrator of tenant ${a.tenant_id}. They let Causeway create the peering from its side; nothing else in your subscription is reachable.`),
    h('p', { class: 'status-line', id: 'setup-state', 'aria-live': 'polite' }, 'Current state: ', badge(g.state), ' ', GATEWAY_WORDS[g.state] || g.state),
    setup.note ? h('p', { class: 'notice sim', id: 'setup-note' }, h('strong', {}, 'Simulated: '), setup.note) : null,
    h('ol', { class: 'setup-steps' },
      h('li', {}, h('h3', {}, 'Grant admin consent'),
        h('p', {}, `Approve the Causeway app (${setup.app_client_id}) in your tenant.`),
        h('p', {}, h('a', { class: 'button secondary', href: setup.admin_consent_url, target: '_blank', rel: 'noopener noreferrer', id: 'consent-link' }, 'Open the admin consent page ↗')),
        copyBlock('Admin consent URL', setup.admin_consent_url, 'consent-url')),
      h('li', {}, h('h3', {}, `Create the role "${setup.role_name}"`),
        h('p', {}, 'It allows only what peering needs on your VNET. Run in Azure Cloud Shell or with the Azure CLI:'),
        copyBlock('Role definition command', setup.role_definition_command, 'role-definition-command'),
        setup.role_definition ? h('details', {}, h('summary', {}, 'Show the role definition'),
          h('pre', { class: 'code' }, h('code', {}, JSON.stringify(setup.role_definition, null, 2)))) : null),
      h('li', {}, h('h3', {}, 'Assign the role on your VNET'),
        h('p', {}, `Gives the Causeway app that role on ${a.resource_group_name} / ${a.vnet_name} only:`),
        copyBlock('Role assignment command', setup.role_assignment_command, 'role-assignment-command'))),
    h('div', { class: 'actions' }, h('p', { class: 'verify-result problem', role: 'status', 'aria-live': 'polite' }), check)));
}

function drawStatus(body, g, showSetup, verify) {
  const reason = g.state_metadata && g.state_metadata.reason;
  const again = h('button', { class: 'button primary', type: 'button', id: 'verify-again' }, 'I have done this — check access');
  again.addEventListener('click', () => verify(again));
  const setupLink = h('button', { class: 'link-button', type: 'button', id: 'show-setup' }, 'Show the Azure steps again');
  setupLink.addEventListener('click', showSetup);
  let todo = null;
  if (g.state === 'pending-user-action') {
    todo = h('div', { class: 'notice warn', id: 'still-to-do' }, h('h3', {}, 'Still to do'),
      h('p', {}, capitalise(reason) || 'An Azure step is missing.'), h('div', { class: 'actions' }, setupLink, again));
  } else if (g.state === 'error') {
    todo = h('div', { class: 'notice bad', id: 'still-to-do' }, h('h3', {}, 'This peering needs a change'),
      h('p', {}, capitalise(reason) || 'The provider refused the peering.'),
      h('p', {}, 'Fix it in Azure and check again, or delete this peering and configure it again with corrected values.'),
      h('div', { class: 'actions' }, setupLink, again));
  } else if (g.state === 'ready') {
    todo = h('div', { class: 'notice ok', id: 'peering-ready' }, h('h3', {}, 'Peering is ready'),
      h('p', {}, readySentence(g)), h('div', { class: 'actions' }, setupLink));
  } else {
    todo = h('div', { class: 'notice busy' }, h('p', {}, 'This page updates by itself; you can leave it and come back.'), setupLink);
  }
  clear(body, h('section', { class: 'card', id: 'step-4' },
    h('h2', {}, '4. Status'),
    h('p', { class: 'status-line', id: 'peering-state', 'aria-live': 'polite' }, badge(g.state), ' ', GATEWAY_WORDS[g.state] || g.state,
      reason && g.state !== 'pending-user-action' && g.state !== 'error' ? h('span', { class: 'reason' }, ` ${capitalise(reason)}.`) : null),
    todo));
}

function readySentence(g) {
  const domains = (g.dns_config || []).flatMap((e) => e.domain_proxy_list || []);
  if (domains.length === 0) return 'Gateways in this network reach your VNET. No DNS forwarding is configured.';
  return `Gateways in this network reach your VNET, and resolve ${domains.join(', ')} through your DNS servers.`;
}

function drawDetails(section, g, base, changed) {
  const a = g.transit_gateway_attachment_config || {};
  const dns = g.dns_config || [];
  const edit = h('button', { class: 'button secondary small', type: 'button', id: 'edit-dns' }, 'Edit DNS forwarding');
  edit.addEventListener('click', () => editDns(section, g, base, changed));
  clear(section, h('h2', { id: 'details-title' }, 'Details'),
    h('div', { class: 'card' },
      h('dl', { class: 'facts' },
        h('div', {}, h('dt', {}, 'Tenant'), h('dd', {}, h('code', {}, a.tenant_id))),
        h('div', {}, h('dt', {}, 'Subscription'), h('dd', {}, h('code', {}, a.subscription_id))),
        h('div', {}, h('dt', {}, 'Resource group'), h('dd', {}, a.resource_group_name)),
        h('div', {}, h('dt', {}, 'VNET'), h('dd', {}, a.vnet_name))),
      h('div', { class: 'subhead' }, h('h3', {}, 'DNS forwarding'), ['terminating'].includes(g.state) ? null : edit),
      dns.length === 0 ? h('p', { class: 'hint' }, 'None.') : h('table', { class: 'table compact', id: 'dns-table', 'aria-label': 'DNS forwarding' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Domains'), h('th', { scope: 'col' }, 'DNS servers'))),
        h('tbody', {}, dns.map((e) => h('tr', {},
          h('td', {}, (e.domain_proxy_list || []).join(', ')),
          h('td', {}, (e.remote_dns_server_ip_addresses || []).join(', '))))))));
}

function drawDelete(section, network, g, base) {
  const a = g.transit_gateway_attachment_config || {};
  const button = h('button', { class: 'button danger', type: 'button', id: 'delete-peering' }, 'Delete peering');
  const message = h('p', { role: 'status' }, 'Removes the peering and its DNS forwarding. Your VNET itself is not changed.');
  clear(section, h('h2', { id: 'delete-title' }, 'Delete'), h('div', { class: 'card row' }, message, button));
  button.addEventListener('click', async () => {
    const domains = (g.dns_config || []).flatMap((e) => e.domain_proxy_list || []);
    const yes = await confirmDialog({
      title: `Delete VNET peering ${g.name}?`,
      body: h('div', {},
        h('p', {}, 'This removes the peering between network ', h('strong', {}, network.name), ` (${network.cidr_block}) and VNET `,
          h('strong', {}, `${a.resource_group_name} / ${a.vnet_name}`), ` in subscription ${a.subscription_id}.`),
        domains.length > 0 ? h('p', {}, `DNS forwarding stops for: ${domains.join(', ')}.`) : null,
        h('p', { class: 'hint' }, 'Your VNET and the role you assigned stay; remove the role in Azure if you no longer need it.')),
      confirm: 'Delete peering',
    });
    if (!yes) { button.focus(); return; }
    try {
      await api('DELETE', base);
      toast(`Peering ${g.name} is being deleted.`);
      location.hash = `#/networks/${network.id}`;
    } catch (e) {
      message.textContent = e.message;
      message.classList.add('problem');
      button.focus();
    }
  });
}

// Changes dns_config in place (PATCH); the attachment itself is immutable.
function editDns(section, g, base, changed) {
  const editor = dnsEditor(g.dns_config || []);
  const summary = errorSummary();
  const save = h('button', { class: 'button primary', type: 'submit', id: 'save-dns' }, 'Save DNS forwarding');
  const cancel = h('button', { class: 'button ghost', type: 'button' }, 'Cancel');
  const form = h('form', { class: 'card form', novalidate: true, 'aria-labelledby': 'edit-dns-title' },
    h('h3', { id: 'edit-dns-title', tabindex: '-1' }, `DNS forwarding of ${g.name}`), summary, editor.wrap,
    h('div', { class: 'actions' }, cancel, save));
  const stop = () => { delete section.dataset.editing; };
  cancel.addEventListener('click', () => { stop(); changed(g); section.querySelector('#edit-dns')?.focus(); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!editor.validate()) return;
    save.disabled = true;
    try {
      const updated = await api('PATCH', base, { dns_config: editor.value() });
      stop();
      toast('DNS forwarding saved; the gateways pick it up shortly.');
      changed(updated);
    } catch (e) {
      showProblem(e, editor.fields(), summary);
      if (!e.invalid.length) summary.focus();
    } finally {
      save.disabled = false;
    }
  });
  section.dataset.editing = 'true';
  clear(section, h('h2', { id: 'details-title' }, 'Details'), form);
  form.querySelector('h3').focus();
}
