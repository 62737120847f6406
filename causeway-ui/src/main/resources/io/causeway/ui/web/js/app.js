import { clear, focusHeading, h, toast } from './dom.js';
import { session, signOut, whenSignedOut } from './api.js';
import * as signin from './pages/signin.js';
import * as networks from './pages/networks.js';
import * as newNetwork from './pages/new-network.js';
import * as network from './pages/network.js';
import * as wizard from './pages/wizard.js';
import * as peering from './pages/peering.js';
import * as controlPlanes from './pages/control-planes.js';
import * as controlPlane from './pages/control-plane.js';

const ROUTES = [
  [/^#\/networks\/new$/, newNetwork, 'networks'],
  [/^#\/networks\/([0-9a-f-]+)\/peering\/new$/, wizard, 'networks'],
  [/^#\/networks\/([0-9a-f-]+)\/transit-gateways\/([0-9a-f-]+)(\/setup)?$/, peering, 'networks'],
  [/^#\/networks\/([0-9a-f-]+)$/, network, 'networks'],
  [/^#\/control-planes$/, controlPlanes, 'control-planes'],
  [/^#\/control-planes\/([0-9a-f-]+)$/, controlPlane, 'control-planes'],
  [/^#\/networks$/, networks, 'networks'],
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const signOutButton = document.getElementById('sign-out');
let signedIn = false;
let page = new AbortController();

// Each page gets a signal that aborts when the user navigates away, and a poller that stops then.
function pageContext() {
  page.abort();
  page = new AbortController();
  const signal = page.signal;
  return {
    signal,
    every(ms, task) {
      let timer;
      const run = async () => {
        if (signal.aborted) return;
        let again = true;
        try { again = (await task()) !== false; } catch (e) { again = true; }
        if (again && !signal.aborted) timer = setTimeout(run, ms);
      };
      timer = setTimeout(run, ms);
      signal.addEventListener('abort', () => clearTimeout(timer));
    },
  };
}

function showChrome(visible) {
  nav.hidden = !visible;
  signOutButton.hidden = !visible;
}

async function route() {
  const ctx = pageContext();
  if (!signedIn) {
    showChrome(false);
    signin.render(main, [], ctx, async () => {
      signedIn = true;
      if (!location.hash || location.hash === '#/' || location.hash === '#/sign-in') location.hash = '#/networks';
      else route();
    });
    return;
  }
  showChrome(true);
  const hash = location.hash || '#/networks';
  const match = ROUTES.find(([pattern]) => pattern.test(hash));
  if (!match) {
    clear(main, h('h1', {}, 'Page not found'), h('p', {}, 'There is nothing at this address. ', h('a', { href: '#/networks' }, 'Go to your networks.')));
    focusHeading(main);
    return;
  }
  const [pattern, module, section] = match;
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset.nav === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const params = pattern.exec(hash).slice(1);
  clear(main, h('p', { class: 'loading' }, 'Loading…'));
  try {
    await module.render(main, params, ctx);
  } catch (e) {
    if (ctx.signal.aborted || e.status === 401) return;
    clear(main, h('h1', {}, 'Something went wrong'),
      h('p', { class: 'problem', role: 'alert' }, e.message),
      h('p', {}, h('a', { href: '#/networks' }, 'Back to networks')));
  }
  if (!ctx.signal.aborted) focusHeading(main);
}

whenSignedOut((message) => {
  if (!signedIn) return;
  signedIn = false;
  toast(message);
  route();
});

signOutButton.addEventListener('click', async () => {
  await signOut();
  signedIn = false;
  location.hash = '#/sign-in';
  route();
  toast('You are signed out.');
});

window.addEventListener('hashchange', route);

(async () => {
  try {
    signedIn = (await session()).signed_in;
  } catch (e) {
    signedIn = false;
  }
  route();
})();
