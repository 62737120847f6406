import { announce, h, uid } from '../dom.js';
import { textField, validate } from '../forms.js';
import * as checks from '../checks.js';

// Rows of "domains → DNS server IPs". The model is the source of truth; the editor redraws from
// it after every structural change, so field paths always match the API's indexes.
export function dnsEditor(initial = []) {
  const rows = initial.map((e) => ({ domains: [...(e.domain_proxy_list || [])], ips: [...(e.remote_dns_server_ip_addresses || [])] }));
  let fields = [];
  const list = h('div', { class: 'dns-rows', id: 'dns-rows' });
  const addRow = h('button', { class: 'button secondary', type: 'button', id: 'dns-add-row' }, '+ Add mapping');
  const general = { path: 'dns_config', input: list, error: h('p', { class: 'field-error', 'data-error-for': 'dns_config' }), label: 'DNS forwarding' };
  list.setAttribute('tabindex', '-1');
  const wrap = h('div', { class: 'dns-editor' }, list, general.error, addRow);

  const draw = (focus) => {
    fields = [general];
    if (rows.length === 0) {
      list.replaceChildren(h('p', { class: 'empty-inline' }, 'No DNS forwarding. Add a mapping to forward queries for your private domains to your DNS servers.'));
    } else {
      list.replaceChildren(...rows.map((row, r) => drawRow(row, r)));
    }
    if (focus) {
      const el = wrap.querySelector(focus);
      (el || addRow).focus();
    }
  };

  const drawRow = (row, r) => {
    const legendId = uid('row');
    const rowError = h('p', { class: 'field-error', 'data-error-for': `dns_config.${r}` });
    const fieldset = h('fieldset', { class: 'dns-row', 'data-row': r, tabindex: '-1', 'aria-labelledby': legendId });
    fields.push({ path: `dns_config.${r}`, input: fieldset, error: rowError, label: `Mapping ${r + 1}` });
    const column = (kind, values, title, noun, path, placeholder, check) => {
      const lower = kind === 'ip' ? 'DNS server IP' : noun.toLowerCase();
      const items = values.map((value, i) => {
        const f = textField({ label: `${noun} ${i + 1} of mapping ${r + 1}`, path: `dns_config.${r}.${path}.${i}`, value, placeholder, check, srLabel: true });
        f.input.setAttribute('data-kind', kind);
        f.input.addEventListener('input', () => { values[i] = f.input.value; });
        fields.push(f);
        const remove = h('button', { class: 'icon-button', type: 'button', 'aria-label': `Remove ${lower} ${i + 1} of mapping ${r + 1}`, 'data-remove': kind },
          '×');
        remove.addEventListener('click', () => {
          values.splice(i, 1);
          announce(`${noun} removed.`);
          draw(`[data-row="${r}"] [data-kind="${kind}"]:nth-of-type(1), [data-row="${r}"] [data-add="${kind}"]`);
        });
        return h('li', { class: 'dns-item' }, f.wrap, remove);
      });
      const add = h('button', { class: 'link-button', type: 'button', 'data-add': kind }, `+ Add ${lower}`);
      add.addEventListener('click', () => {
        values.push('');
        draw(`[data-row="${r}"] li:last-child [data-kind="${kind}"]`);
      });
      return h('div', { class: 'dns-column' }, h('h4', {}, title), h('ul', { class: 'dns-list' }, items), add);
    };
    const removeRow = h('button', { class: 'button ghost small', type: 'button', 'data-remove-row': r }, `Remove mapping ${r + 1}`);
    removeRow.addEventListener('click', () => {
      rows.splice(r, 1);
      announce(`Mapping ${r + 1} removed.`);
      draw(rows.length > 0 ? `[data-row="${Math.max(0, r - 1)}"]` : '#dns-add-row');
    });
    fieldset.append(
      h('legend', { id: legendId }, `Mapping ${r + 1}`),
      h('div', { class: 'dns-grid' },
        column('domain', row.domains, 'Domains', 'Domain', 'domain_proxy_list', 'internal.example.com', checks.required('a domain')),
        h('div', { class: 'dns-arrow', 'aria-hidden': 'true' }, '→'),
        column('ip', row.ips, 'DNS server IPs', 'DNS server IP', 'remote_dns_server_ip_addresses', '10.0.0.4', checks.required('an IP address'))),
      rowError, h('div', { class: 'row-actions' }, removeRow));
    return fieldset;
  };

  addRow.addEventListener('click', () => {
    rows.push({ domains: [''], ips: [''] });
    draw(`[data-row="${rows.length - 1}"] [data-kind="domain"]`);
    announce(`Mapping ${rows.length} added.`);
  });
  draw();

  return {
    wrap,
    fields: () => fields,
    value: () => rows.map((row) => ({
      domain_proxy_list: row.domains.map((d) => d.trim()),
      remote_dns_server_ip_addresses: row.ips.map((ip) => ip.trim()),
    })),
    // Only emptiness here: the API knows the full rules (and which domains other peerings claim).
    validate() {
      for (const f of fields) if (!f.check) f.error.textContent = '';
      const textFields = fields.filter((f) => f.check);
      const bad = textFields.filter((f) => !validate(f, false));
      const emptyRows = rows.map((row, r) => [row, r]).filter(([row]) => row.domains.length === 0 || row.ips.length === 0);
      for (const [row, r] of emptyRows) {
        const f = fields.find((x) => x.path === `dns_config.${r}`);
        f.error.textContent = row.domains.length === 0 ? 'Add at least one domain.' : 'Add at least one DNS server IP.';
      }
      if (bad.length > 0 || emptyRows.length > 0) {
        const first = bad.length > 0 ? bad[0] : fields.find((x) => x.path === `dns_config.${emptyRows[0][1]}`);
        announce(`DNS forwarding needs a change: ${first.label}: ${first.error.textContent}`);
        first.input.focus();
        return false;
      }
      return true;
    },
  };
}
