import './console.css';
import { Api, ApiError } from './api';
import { clear, h } from './dom';
import { describeError } from './errors';
import { LiveStream } from './live-stream';
import { parseRoute } from './routes';
import type { Session } from './types';
import type { View, ViewContext } from './view';
import { OperationsView } from './views/operations';
import { ThroughputView } from './views/throughput';
import { TimelineView } from './views/timeline';
import { VolumesView } from './views/volumes';

const api = new Api();
const main = document.getElementById('view')!;
const identity = document.getElementById('identity')!;
const banner = document.querySelector<HTMLElement>('[data-testid="error-banner"]')!;
const indicator = document.querySelector<HTMLElement>('[data-testid="live-indicator"]')!;

let session: Session | null = null;
let view: View | null = null;
let stream: LiveStream | null = null;
let current: symbol | null = null;

function showError(message: string | null) {
  banner.hidden = message === null;
  banner.textContent = message ?? '';
}

function mount() {
  view?.dispose();
  view = null;
  clear(main);
  showError(null);
  if (!session) return;
  // A view's requests may answer after the operator moved on: only the mounted view may speak.
  const mounted = Symbol('view');
  current = mounted;
  const ctx: ViewContext = { api, session, showError: (message) => current === mounted && showError(message) };
  const route = parseRoute(location.hash);
  for (const link of document.querySelectorAll<HTMLAnchorElement>('header nav a')) {
    const target = parseRoute(link.getAttribute('href') ?? '').view;
    link.classList.toggle('active', target === route.view || (target === 'volumes' && route.view === 'volume'));
  }
  const root = h('div', { class: `view view-${route.view}` });
  main.append(root);
  switch (route.view) {
    case 'volumes':
      view = new VolumesView(root, ctx);
      break;
    case 'volume':
      view = new TimelineView(root, ctx, route.id);
      break;
    case 'operations':
      view = new OperationsView(root, ctx);
      break;
    case 'throughput':
      view = new ThroughputView(root, ctx);
      break;
    default: {
      const never: never = route;
      throw new Error(`no view for ${JSON.stringify(never)}`);
    }
  }
  void view.refresh();
}

function renderIdentity() {
  clear(identity);
  if (!session) return;
  const s = session;
  identity.append(
    h(
      'span',
      { class: 'whoami', 'data-testid': 'whoami', 'data-user-id': s.user_id, 'data-project-id': s.project_id, 'data-admin': String(s.is_admin), title: `roles: ${s.roles.join(', ') || 'none'} · ${s.auth_strategy}` },
      h('span', { class: 'muted' }, 'user '),
      h('b', {}, s.user_id),
      h('span', { class: 'muted' }, ' project '),
      h('b', {}, s.project_id),
      s.is_admin ? h('span', { class: 'tag admin' }, 'admin') : h('span', { class: 'tag' }, 'member'),
    ),
  );
  if (s.auth_strategy === 'noauth') identity.append(signInAs());
}

/** noauth only: any `user:project` is a valid token, and every noauth caller is an admin. */
function signInAs() {
  const input = h('input', { name: 'token', placeholder: 'user:project', value: api.currentToken ?? '', 'data-testid': 'sign-in-token', size: 18 });
  const form = h(
    'form',
    {
      onsubmit: (event: Event) => {
        event.preventDefault();
        const token = input.value.trim();
        if (!/^[^:\s]+(:[^:\s]+)?$/.test(token)) {
          showError('A noauth token is user:project (or just user, whose project is then the user). Type one and sign in again.');
          return;
        }
        api.setToken(token);
        void start();
      },
    },
    input,
    h('button', { type: 'submit' }, 'Sign in'),
  );
  return h('details', { class: 'sign-in' }, h('summary', {}, 'Sign in as…'), form);
}

function setLive(state: 'open' | 'closed') {
  indicator.dataset.state = state;
  indicator.title = state === 'open' ? 'Live: receiving changes as the projector stores them' : 'Not live: reconnecting to the engine’s stream…';
}

async function start() {
  stream?.stop();
  setLive('closed');
  try {
    session = await api.session();
  } catch (error) {
    session = null;
    current = null;
    view?.dispose();
    view = null;
    clear(main);
    renderIdentity();
    showError(
      error instanceof ApiError && error.status === 401
        ? 'The engine does not know who you are (401). In keystone-headers mode the console must be opened through the API gateway that validates your token and sets the identity headers (X-Identity-Status, X-User-Id, X-Project-Id, X-Roles); opening the engine’s port directly is refused.'
        : describeError(error, 'start a console session'),
    );
    return;
  }
  renderIdentity();
  mount();
  stream = new LiveStream({
    url: '/v3/console/stream',
    headers: () => api.headers(),
    onState: setLive,
    onReady: () => void view?.refresh(),
    onMessage: (message) => view?.onMessage(message),
  });
  stream.start();
}

window.addEventListener('hashchange', mount);
void start();

