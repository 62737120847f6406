import { clear, h } from '../dom.js';
import { signIn } from '../api.js';

export function render(main, params, ctx, done) {
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true, 'aria-describedby': 'token-hint token-error' });
  const error = h('p', { id: 'token-error', class: 'field-error', role: 'alert' });
  const submit = h('button', { class: 'button primary wide', type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'signin-form', novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: 'token', class: 'label' }, 'Personal access token'),
      h('p', { id: 'token-hint', class: 'hint' },
        'On first start, Causeway writes the admin token to ', h('code', {}, 'DATA_DIR/admin-token'),
        '. Tokens start with ', h('code', {}, 'cw_'), '.'),
      input, error),
    submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    if (!input.value.trim()) {
      error.textContent = 'Enter your token.';
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Signing in…';
    try {
      await signIn(input.value.trim());
      input.value = '';
      done();
    } catch (e) {
      error.textContent = e.message;
      input.setAttribute('aria-invalid', 'true');
      input.select();
      input.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = 'Sign in';
    }
  });
  clear(main, h('section', { class: 'signin card' },
    h('h1', {}, 'Sign in to the Gateway Manager'),
    h('p', { class: 'lead' }, 'Manage the networks your dedicated gateways run in, and peer them with your Azure VNETs.'),
    form,
    h('p', { class: 'fine' }, 'The token stays on the server for this session; the page never stores it.')));
  input.focus();
}
