import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { EventStreamParser, type StreamMessage } from '../console/src/event-stream';
import { engineEnv, ROOT, startHttpEngine, waitFor, type EngineEnv, type EngineProcess } from './support/engine-process';
import { PERSONAS } from './support/keystone';

// The console in a real browser (Debian's Chromium driven by playwright-core), against the built
// engine in keystone-headers mode: each browser context plays the gateway by adding a persona's
// identity headers to every request, as keystonemiddleware would.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-results/console');
// Copied over the README's images only when asked, so a test run leaves the work tree as it was.
const UPDATE_DOCS_IMAGES = process.env.UPDATE_DOCS_IMAGES === '1';
const P = 'project-p';
const Q = 'project-q';
const R = 'project-r';
const ADMIN = PERSONAS.admin();
const OWNER = PERSONAS.member(P);
const OTHER = PERSONAS.member(Q);

/** Missing Chromium fails the suite, loudly: a browser test that skips itself proves nothing. */
function requireChromium() {
  if (existsSync(CHROMIUM)) return;
  const message = `The console's browser tests need Chromium at ${CHROMIUM}: run \`apt-get install -y chromium\` as root (scripts/ensure-test-packages.sh does it when run as root), or set CHROMIUM_PATH.`;
  console.warn(message);
  throw new Error(message);
}

const launchChromium = () =>
  chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

const sel = (testId: string, attributes: Record<string, string | number> = {}) =>
  `[data-testid="${testId}"]${Object.entries(attributes).map(([k, v]) => `[data-${k}="${v}"]`).join('')}`;

/** The console's own stream read from here, as the browser reads it, to see who is told what. */
class StreamTap {
  readonly messages: StreamMessage[] = [];
  private readonly abort = new AbortController();

  constructor(base: string, headers: Record<string, string>) {
    void (async () => {
      const response = await fetch(`${base}/v3/console/stream`, { headers, signal: this.abort.signal });
      const parser = new EventStreamParser();
      const decoder = new TextDecoder();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        this.messages.push(...parser.push(decoder.decode(chunk, { stream: true })));
      }
    })().catch(() => undefined);
  }

  about(volumeId: string) {
    return this.messages.filter((m) => m.data.includes(volumeId));
  }

  get ready() {
    return this.messages.some((m) => m.event === 'ready');
  }

  close() {
    this.abort.abort();
  }
}

describe('the web console in a browser (keystone-headers mode)', () => {
  let engine: EngineProcess;
  let env: EngineEnv;
  let base: string;
  let browser: Browser;
  let adminContext: BrowserContext;
  let admin: Page;
  let otherContext: BrowserContext;
  let other: Page;
  let adminErrors: string[];
  let otherErrors: string[];
  let adminTap: StreamTap;
  let otherTap: StreamTap;
  let volumeId: string;

  const api = async (path: string, headers: Record<string, string>, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as any) : null };
  };

  const open = async (headers: Record<string, string> | null) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...(headers ? { extraHTTPHeaders: headers } : {}) });
    const page = await context.newPage();
    page.setDefaultTimeout(20000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${base}/console/`);
    return { context, page, problems };
  };

  const screenshot = async (page: Page, name: string, docsName?: string) => {
    mkdirSync(SHOTS, { recursive: true });
    const path = join(SHOTS, `${name}.png`);
    await page.screenshot({ path });
    if (UPDATE_DOCS_IMAGES && docsName) {
      mkdirSync(join(ROOT, 'docs/images'), { recursive: true });
      copyFileSync(path, join(ROOT, 'docs/images', docsName));
    }
  };

  beforeAll(async () => {
    requireChromium();
    // A volume left `attaching` counts as stranded after 2 s (the least the engine accepts); the
    // backend takes 1.5 s to extend, so a running operation and `extending` can be seen, and fails
    // every snapshot, so a failed one can.
    env = await engineEnv({
      AUTH_STRATEGY: 'keystone-headers',
      STUCK_AFTER_MS: '2000',
      STORAGE_BACKEND: 'faulty-file',
      BACKEND_DELAYS: 'extend.before=1500',
      BACKEND_FAILURES: 'snapshot_create.before',
    });
    const started = await startHttpEngine('all-in-one', env);
    engine = started.engine;
    base = started.base;
    browser = await launchChromium();
    adminTap = new StreamTap(base, ADMIN);
    otherTap = new StreamTap(base, OTHER);
    await waitFor(() => adminTap.ready && otherTap.ready, 10000, () => `streams not ready:\n${engine.logs}`);
  });

  afterAll(async () => {
    adminTap?.close();
    otherTap?.close();
    await browser?.close();
    await engine?.kill();
  });

  it('shows an admin who they are, live, and a volume created and extended through the API changing status without a reload', async () => {
    ({ context: adminContext, page: admin, problems: adminErrors } = await open(ADMIN));
    // The other project's member watches the same list from the start: a leaked message would add a row.
    ({ context: otherContext, page: other, problems: otherErrors } = await open(OTHER));
    const whoami = admin.locator(sel('whoami'));
    await whoami.waitFor();
    expect(await whoami.getAttribute('data-user-id')).toBe(ADMIN['X-User-Id']);
    expect(await whoami.getAttribute('data-admin')).toBe('true');
    await admin.locator(sel('live-indicator', { state: 'open' })).waitFor();
    await other.locator(sel('live-indicator', { state: 'open' })).waitFor();
    await admin.locator(sel('volumes-table')).waitFor();

    // Every status and size the row shows from now on, and a marker a reload would erase.
    await admin.evaluate(() => {
      const w = window as unknown as { rows: string[][]; notReloaded: boolean };
      w.rows = [];
      w.notReloaded = true;
      const last = new Map<string, string>();
      const record = () => {
        for (const row of document.querySelectorAll<HTMLElement>('[data-testid="volume-row"]')) {
          const id = row.dataset.volumeId ?? '';
          const entry = `${row.dataset.status} ${row.querySelector('[data-testid="volume-size"]')?.textContent}`;
          if (last.get(id) !== entry) w.rows.push([id, entry]);
          last.set(id, entry);
        }
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
    });

    const created = await api(`/v3/${P}/volumes`, OWNER, { method: 'POST', body: { volume: { size: 1, name: 'console-e2e' } } });
    expect(created.status).toBe(202);
    volumeId = created.json.volume.id;
    const row = admin.locator(sel('volume-row', { 'volume-id': volumeId }));
    await admin.locator(sel('volume-row', { 'volume-id': volumeId, status: 'available' })).waitFor();
    expect(await row.getAttribute('data-stranded')).toBe('false');
    expect(await row.locator(sel('volume-status')).innerText()).toContain('available');
    expect(Number(await admin.locator(sel('status-count', { status: 'available' })).innerText())).toBeGreaterThanOrEqual(1);

    expect((await api(`/v3/${P}/volumes/${volumeId}/action`, OWNER, { method: 'POST', body: { 'os-extend': { new_size: 2 } } })).status).toBe(202);
    await admin.waitForFunction(
      (id) => document.querySelector(`[data-volume-id="${id}"] [data-testid="volume-size"]`)?.textContent === '2 GiB',
      volumeId,
    );
    await admin.locator(sel('volume-row', { 'volume-id': volumeId, status: 'available' })).waitFor();
    const { rows, notReloaded } = await admin.evaluate(() => {
      const w = window as unknown as { rows: string[][]; notReloaded: boolean };
      return { rows: w.rows, notReloaded: w.notReloaded };
    });
    expect(notReloaded).toBe(true);
    const seen = rows.filter(([id]) => id === volumeId).map(([, entry]) => entry);
    // The stream may merge steps a fast backend takes together, never reorder them.
    const order = ['creating 1 GiB', 'available 1 GiB', 'extending 1 GiB', 'available 2 GiB'];
    const positions = seen.map((entry) => order.indexOf(entry));
    expect(positions).not.toContain(-1);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(seen[seen.length - 1]).toBe('available 2 GiB');
    expect(seen).toContain('available 1 GiB');
    expect(seen).toContain('extending 1 GiB');
  });

  it('filters by project, counts per status, and highlights a volume stranded in a transitional status', async () => {
    const create = async (project: string, size: number, name: string) => {
      const created = await api(`/v3/${project}/volumes`, PERSONAS.member(project), { method: 'POST', body: { volume: { size, name } } });
      expect(created.status).toBe(202);
      return created.json.volume.id as string;
    };
    const dbData = await create(R, 10, 'db-data');
    await create(P, 5, 'scratch');
    const webLogs = await create(P, 2, 'web-logs');
    await admin.locator(sel('volume-row', { 'volume-id': webLogs, status: 'available' })).waitFor();
    // Reserved for an attach that never comes: `attaching`, waiting on compute.
    expect((await api(`/v3/${P}/volumes/${webLogs}/action`, OWNER, { method: 'POST', body: { 'os-reserve': {} } })).status).toBe(202);
    const stranded = admin.locator(sel('volume-row', { 'volume-id': webLogs, status: 'attaching' }));
    await stranded.waitFor();
    // No event comes: time alone makes it stranded, on the page as it stands.
    await admin.locator(sel('volume-row', { 'volume-id': webLogs, stranded: 'true' })).waitFor({ timeout: 8000 });
    const history = (await api(`/v3/volumes/${webLogs}/events`, ADMIN)).json.events;
    expect(history.map((e: any) => e.type)).toEqual(['VolumeCreateRequested', 'VolumeCreated', 'VolumeReserved']);
    expect(await stranded.evaluate((row) => getComputedStyle(row).backgroundColor)).not.toBe(
      await admin.locator(sel('volume-row', { 'volume-id': volumeId })).evaluate((row) => getComputedStyle(row).backgroundColor),
    );
    expect(await admin.locator(sel('status-count', { status: 'attaching' })).innerText()).toBe('1');
    await admin.locator(sel('status-count', { status: 'available' })).filter({ hasText: '3' }).waitFor();
    // The API agrees once asked again.
    const listed = (await api('/v3/console/volumes', ADMIN)).json;
    expect(listed.volumes.find((row: any) => row.id === webLogs)).toMatchObject({ status: 'attaching', waiting_for: 'external', stranded: true });
    expect(listed.counts).toEqual({ available: 3, attaching: 1 });
    await screenshot(admin, 'volumes', 'console-volumes.png');

    const projectFilter = admin.locator(sel('filter-project'));
    expect(await projectFilter.locator('option').allInnerTexts()).toEqual(['all', P, R]);
    await projectFilter.selectOption(R);
    await admin.waitForFunction(() => document.querySelectorAll('[data-testid="volume-row"]').length === 1);
    expect(await admin.locator(sel('volume-row')).getAttribute('data-volume-id')).toBe(dbData);
    expect(await admin.locator(sel('status-count')).evaluateAll((c) => c.map((e) => [e.getAttribute('data-status'), e.textContent]))).toEqual([['available', '1']]);
    await projectFilter.selectOption('');
    await admin.waitForFunction(() => document.querySelectorAll('[data-testid="volume-row"]').length === 4);
    await admin.locator(sel('filter-status')).selectOption('attaching');
    await admin.waitForFunction(() => document.querySelectorAll('[data-testid="volume-row"]').length === 1);
    expect(await admin.locator(sel('volume-row')).getAttribute('data-volume-id')).toBe(webLogs);
    await admin.locator(sel('filter-status')).selectOption('');
    await admin.waitForFunction(() => document.querySelectorAll('[data-testid="volume-row"]').length === 4);
  });

  it('draws the volume\'s timeline from its events, in revision order, and travels back to any of them', async () => {
    await admin.locator(sel('volume-row', { 'volume-id': volumeId })).locator(sel('volume-link')).click();
    await admin.waitForFunction(() => location.hash.startsWith('#/volumes/'));
    const { json } = await api(`/v3/volumes/${volumeId}/events`, ADMIN);
    const expected = json.events.map((e: any) => [e.id, String(e.revision), e.type]);
    expect(expected.map((e: string[]) => e[2])).toEqual(['VolumeCreateRequested', 'VolumeCreated', 'VolumeExtendRequested', 'VolumeExtended']);
    await admin.waitForFunction((n) => document.querySelectorAll('[data-testid="timeline-event"]').length === n, expected.length);
    const shown = await admin.locator(sel('timeline-event')).evaluateAll((rows) =>
      rows.map((row) => [row.getAttribute('data-event-id'), row.getAttribute('data-revision'), row.getAttribute('data-type')]),
    );
    expect(shown).toEqual(expected);

    // Who did each thing: the owner asked, the engine's worker (a service) did.
    const actors = admin.locator(sel('event-actor'));
    expect(await actors.nth(0).innerText()).toContain(OWNER['X-User-Id']);
    expect(await actors.nth(0).getAttribute('data-service')).toBe('false');
    expect(await actors.nth(0).innerText()).toContain(json.events[0].metadata.request_id);
    expect(await actors.nth(3).getAttribute('data-service')).toBe('true');

    // The status lane: one segment per status, in order, each with its duration.
    const segments = admin.locator(sel('status-segment'));
    expect(await segments.evaluateAll((s) => s.map((e) => e.getAttribute('data-status')))).toEqual(['creating', 'available', 'extending', 'available']);
    expect(await segments.nth(2).innerText()).toMatch(/^extending \d+(\.\d)? (ms|s)/);

    for (const revision of [1, 2, 3]) {
      await admin.locator(sel('timeline-event', { revision })).click();
      await admin.locator(`${sel('state-panel')}[data-revision="${revision}"]`).waitFor();
      const state = (await api(`/v3/volumes/${volumeId}/state?at=${revision}`, ADMIN)).json;
      expect(state.revision).toBe(revision);
      expect(await admin.locator(sel('state-status')).innerText()).toBe(state.volume.status);
      expect(await admin.locator(sel('state-size')).innerText()).toBe(String(state.volume.size));
      expect(await admin.locator(sel('timeline-event', { revision })).getAttribute('aria-selected')).toBe('true');
      expect(JSON.parse(await admin.locator(sel('event-data')).innerText())).toEqual(json.events[revision].data);
    }
    expect(await admin.locator(sel('state-status')).innerText()).toBe('available');

    // Back to right after the volume was created: 1 GiB and available, as it was then.
    await admin.locator(sel('timeline-event', { revision: 1 })).click();
    await admin.locator(`${sel('state-panel')}[data-revision="1"]`).waitFor();
    expect(await admin.locator(sel('state-size')).innerText()).toBe('1');
    expect(await admin.locator(sel('state-status')).innerText()).toBe('available');
    await screenshot(admin, 'timeline', 'console-timeline.png');
  });

  it('lists the extend as a finished operation, a new one running then finished, and a failure with its reason', async () => {
    await admin.locator(sel('nav-operations')).click();
    await admin.locator(sel('operations-table')).waitFor();
    const { json } = await api('/v3/operations?all_tenants=1', ADMIN);
    const extend = json.operations.find((op: any) => op.volume_id === volumeId && op.type === 'extend_volume');
    expect(extend).toMatchObject({ state: 'succeeded' });
    const row = admin.locator(sel('operation-row', { 'operation-id': extend.id }));
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('succeeded');
    expect(await row.getAttribute('data-volume-id')).toBe(volumeId);
    expect(await row.locator(sel('progress-bar')).getAttribute('aria-valuenow')).toBe('100');
    expect(await row.locator(sel('progress-bar')).getAttribute('role')).toBe('progressbar');

    // Live: an operation started now shows up running, then finishes, without a reload.
    const second = await api(`/v3/${P}/volumes`, OWNER, { method: 'POST', body: { volume: { size: 1, name: 'console-e2e-2' } } });
    const secondId = second.json.volume.id;
    await admin.locator(sel('operation-row', { 'volume-id': secondId, state: 'succeeded' })).waitFor();
    expect((await api(`/v3/${P}/volumes/${secondId}/action`, OWNER, { method: 'POST', body: { 'os-extend': { new_size: 4 } } })).status).toBe(202);
    const running = admin.locator(sel('operation-row', { 'volume-id': secondId, state: 'running' }));
    await running.waitFor();
    const runningId = await running.getAttribute('data-operation-id');
    const now = Number(await running.locator(sel('progress-bar')).getAttribute('aria-valuenow'));
    expect(now).toBeGreaterThanOrEqual(0);
    expect(now).toBeLessThan(100);
    await admin.locator(sel('operation-row', { 'operation-id': runningId!, state: 'succeeded' })).waitFor();

    // A failure shows with its reason, as the API gives it.
    const snapshot = await api(`/v3/${P}/snapshots`, OWNER, { method: 'POST', body: { snapshot: { volume_id: volumeId, name: 'doomed' } } });
    expect(snapshot.status).toBe(202);
    const failed = admin.locator(sel('operation-row', { 'volume-id': volumeId, state: 'failed' }));
    await failed.waitFor();
    const failedOp = (await api('/v3/operations?all_tenants=1', ADMIN)).json.operations.find((op: any) => op.state === 'failed');
    expect(failedOp).toMatchObject({ type: 'create_snapshot', volume_id: volumeId, error: expect.any(String) });
    expect(await failed.getAttribute('data-operation-id')).toBe(failedOp.id);
    expect(await failed.locator(sel('operation-error')).innerText()).toBe(failedOp.error);
    expect(await admin.locator(sel('operation-count', { state: 'failed' })).innerText()).toBe('1');
    await screenshot(admin, 'operations');
  });

  it('draws commands, jobs and projection lag as charts, appended live', async () => {
    await admin.locator(sel('nav-throughput')).click();
    for (const chart of ['throughput-chart-commands', 'throughput-chart-jobs', 'throughput-chart-lag']) {
      await admin.locator(sel(chart)).waitFor();
      await admin.waitForFunction((id) => (document.querySelector(`[data-testid="${id}"] path.line`)?.getAttribute('d') ?? '').startsWith('M'), chart);
    }
    // The stream adds a sample a second: the newest one drawn moves on without a reload.
    const latest = async () => (await admin.locator(sel('throughput-chart-commands')).getAttribute('data-latest')) ?? '';
    const before = await latest();
    await waitFor(async () => (await latest()) > before, 10000, () => `no throughput sample arrived after ${before}`);
    expect(Number(await admin.locator(sel('throughput-chart-jobs')).getAttribute('data-points'))).toBeGreaterThan(0);
    await screenshot(admin, 'throughput');
  });

  it('shows a member of another project none of it, and tells them so', async () => {
    // The page has been open since the volumes were created and extended: nothing reached it.
    expect(await other.locator(sel('whoami')).getAttribute('data-project-id')).toBe(Q);
    expect(await other.locator(sel('whoami')).getAttribute('data-admin')).toBe('false');
    await other.locator('[data-testid="volumes-table"] tr.empty').waitFor();
    expect(await other.locator(sel('volume-row')).count()).toBe(0);
    expect(await other.locator(sel('status-count')).count()).toBe(0);
    expect(otherTap.about(volumeId)).toEqual([]);
    expect(otherTap.messages.filter((m) => m.event === 'volume' || m.event === 'operation')).toEqual([]);
    // ...while the admin's stream carried them: the silence above is the policy, not a dead stream.
    expect(adminTap.about(volumeId).filter((m) => m.event === 'volume').length).toBeGreaterThanOrEqual(4);

    await other.locator(sel('nav-operations')).click();
    await other.locator('[data-testid="operations-table"] tr.empty').waitFor();
    expect(await other.locator(sel('operation-row')).count()).toBe(0);

    await other.goto(`${base}/console/#/volumes/${volumeId}`);
    const banner = other.locator(sel('error-banner'));
    await banner.waitFor({ state: 'visible' });
    expect(await banner.innerText()).toContain(`Volume ${volumeId} could not be found.`);
    expect(await other.locator(sel('timeline-event')).count()).toBe(0);
    await screenshot(other, 'other-project');
  });

  it('goes dark when the engine stops, and catches up without a reload when it is back', async () => {
    await admin.locator(sel('nav-volumes')).click();
    await admin.locator(sel('volume-row', { 'volume-id': volumeId })).waitFor();
    await admin.evaluate(() => ((window as unknown as { beforeRestart: boolean }).beforeRestart = true));
    await engine.kill();
    await admin.locator(sel('live-indicator', { state: 'closed' })).waitFor();
    ({ engine } = await startHttpEngine('all-in-one', env));
    // Written while the page may not be listening yet: the refetch on reconnect or the stream brings it.
    const created = await api(`/v3/${P}/volumes`, OWNER, { method: 'POST', body: { volume: { size: 3, name: 'after-restart' } } });
    expect(created.status).toBe(202);
    await admin.locator(sel('live-indicator', { state: 'open' })).waitFor({ timeout: 30000 });
    await admin.locator(sel('volume-row', { 'volume-id': created.json.volume.id, status: 'available' })).waitFor();
    expect(await admin.evaluate(() => (window as unknown as { beforeRestart?: boolean }).beforeRestart)).toBe(true);
    // Through everything so far, neither page threw.
    expect(adminErrors).toEqual([]);
    expect(otherErrors).toEqual([]);
  });

  it('tells someone who opened it around the gateway to go through it', async () => {
    const { context, page } = await open(null);
    const banner = page.locator(sel('error-banner'));
    await banner.waitFor({ state: 'visible' });
    expect(await banner.innerText()).toMatch(/through the API gateway/);
    expect(await page.locator(sel('live-indicator')).getAttribute('data-state')).toBe('closed');
    await screenshot(page, 'no-identity');
    await context.close();
    await adminContext?.close();
    await otherContext?.close();
  });
});

describe('the web console in a browser (noauth mode, the default)', () => {
  let engine: EngineProcess;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    requireChromium();
    ({ engine, base } = await startHttpEngine('all-in-one', await engineEnv()));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await engine?.kill();
  });

  it('signs in with the token the engine hands out, and "Sign in as…" changes who it is', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/console/`);
    const whoami = page.locator(sel('whoami'));
    await page.locator(`${sel('whoami')}[data-user-id="admin"]`).waitFor();
    expect(await whoami.getAttribute('data-project-id')).toBe('admin');
    expect(await whoami.getAttribute('data-admin')).toBe('true');
    await page.locator(sel('live-indicator', { state: 'open' })).waitFor();

    await page.locator('.sign-in summary').click();
    await page.locator(sel('sign-in-token')).fill('demo:myproject');
    await page.locator('.sign-in button[type="submit"]').click();
    await page.locator(`${sel('whoami')}[data-user-id="demo"]`).waitFor();
    expect(await whoami.getAttribute('data-project-id')).toBe('myproject');
    expect(await page.evaluate(() => localStorage.getItem('cinder-console-token'))).toBe('demo:myproject');
    await page.locator(sel('live-indicator', { state: 'open' })).waitFor();

    // A volume created with that token shows up live in the list.
    const created = await fetch(`${base}/v3/myproject/volumes`, {
      method: 'POST',
      headers: { 'X-Auth-Token': 'demo:myproject', 'Content-Type': 'application/json' },
      body: JSON.stringify({ volume: { size: 1 } }),
    });
    const id = ((await created.json()) as any).volume.id;
    await page.locator(sel('volume-row', { 'volume-id': id, status: 'available' })).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
