// The API as seen from the browser: /ui/api/v2/... with the session cookie (sent by the browser,
// unreadable here) and the session's CSRF value on every unsafe call.
let csrf = '';
let onSignedOut = () => {};

export function setCsrf(value) { csrf = value || ''; }
export function whenSignedOut(callback) { onSignedOut = callback; }

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `The API answered ${status}`);
    this.status = status;
    this.title = problem.title || '';
    this.invalid = Array.isArray(problem.invalid_parameters) ? problem.invalid_parameters : [];
  }
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-Causeway-CSRF'] = csrf;
  let response;
  try {
    response = await fetch(`/ui/api${path}`, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { detail: 'The control plane cannot be reached. Is it running?' });
  }
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = { detail: text }; }
  if (response.status === 401) {
    onSignedOut('Your session ended. Sign in again.');
    throw new ApiError(401, data || {});
  }
  if (!response.ok) throw new ApiError(response.status, data || {});
  return data;
}

// Every page of a cloud-gateway list (page[size] is at most 100 in the contract).
export async function listAll(path) {
  const items = [];
  for (let number = 1; number <= 50; number += 1) {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api('GET', `${path}${sep}page%5Bsize%5D=100&page%5Bnumber%5D=${number}`);
    items.push(...(page.data || []));
    const total = page.meta && page.meta.page ? page.meta.page.total : items.length;
    if (items.length >= total || (page.data || []).length === 0) break;
  }
  return items;
}

export async function session() {
  const response = await fetch('/ui/session', { credentials: 'same-origin' });
  const data = await response.json();
  if (data.signed_in) setCsrf(data.csrf);
  return data;
}

export async function signIn(token) {
  const response = await fetch('/ui/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, data);
  setCsrf(data.csrf);
  return data;
}

export async function signOut() {
  await fetch('/ui/session', {
    method: 'DELETE', credentials: 'same-origin', headers: { 'X-Causeway-CSRF': csrf },
  });
  setCsrf('');
}

// Provider accounts by id, with a label that says when an account is simulated.
export async function accounts() {
  const list = await listAll('/v2/cloud-gateways/provider-accounts');
  return new Map(list.map((a) => [a.id, { ...a, label: accountLabel(a) }]));
}

export function accountLabel(account) {
  const provider = account.provider === 'azure' ? 'Azure' : account.provider;
  switch (account.provider_account_id) {
    case 'simulated': return `${provider} · simulated (nothing is created in a cloud)`;
    case 'local': return `${provider} · local (network namespaces on this host)`;
    default: return `${provider} · ${account.provider_account_id}`;
  }
}
