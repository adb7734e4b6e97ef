import { badge } from '../badge';
import { clear, h } from '../dom';
import { describeError } from '../errors';
import type { StreamMessage } from '../event-stream';
import { shortId } from '../ids';
import { volumeHref } from '../routes';
import { formatDateTime, formatDuration, parseTime } from '../time-format';
import type { Operation } from '../types';
import type { View, ViewContext } from '../view';

const LIMIT = 100;

/** How long an operation has taken: to its end, or to now while it runs. */
export const operationDurationMs = (op: Operation, now: number) => (op.finished_at ? parseTime(op.finished_at) : now) - parseTime(op.requested_at);

/** Running and recent backend operations, newest first, kept current by `operation` messages. */
export class OperationsView implements View {
  private operations = new Map<string, Operation>();
  private loaded = false;
  private arriving: Operation[] | null = null;
  private readonly summary = h('div', { class: 'counts' });
  private readonly body = h('tbody');
  private readonly timer: number;

  constructor(
    root: HTMLElement,
    private readonly ctx: ViewContext,
  ) {
    root.append(
      h('div', { class: 'toolbar' }, h('h1', {}, 'Operations'), h('span', { class: 'muted' }, ctx.session.is_admin ? 'every project' : `project ${ctx.session.project_id}`)),
      this.summary,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'grid', 'data-testid': 'operations-table' },
          h('thead', {}, h('tr', {}, ...['State', 'Operation', 'Volume', 'Project', 'Progress', 'Requested (UTC)', 'Duration', 'By', 'Request', 'Job'].map((c) => h('th', {}, c)))),
          this.body,
        ),
      ),
    );
    // Running operations' durations grow without any message.
    this.timer = window.setInterval(() => this.tickDurations(), 1000);
  }

  async refresh() {
    const query = this.ctx.session.is_admin ? `?all_tenants=1&limit=${LIMIT}` : `?limit=${LIMIT}`;
    // Operations streamed while the list is on its way may be newer than it: applied again after it.
    const arrived: Operation[] = [];
    this.arriving = arrived;
    try {
      const answer = await this.ctx.api.get<{ operations: Operation[] }>(`/v3/operations${query}`);
      this.operations = new Map(answer.operations.map((op) => [op.id, op]));
      for (const op of arrived) this.operations.set(op.id, op);
      this.loaded = true;
      this.ctx.showError(null);
    } catch (error) {
      this.ctx.showError(describeError(error, 'list the backend operations'));
    }
    if (this.arriving === arrived) this.arriving = null;
    this.render();
  }

  onMessage(message: StreamMessage) {
    if (message.event !== 'operation') return;
    const op = JSON.parse(message.data) as Operation;
    this.arriving?.push(op);
    if (!this.loaded) return;
    this.operations.set(op.id, op);
    this.render();
  }

  dispose() {
    window.clearInterval(this.timer);
  }

  private sorted() {
    return [...this.operations.values()].sort((a, b) => parseTime(b.requested_at) - parseTime(a.requested_at) || b.id.localeCompare(a.id)).slice(0, LIMIT);
  }

  private render() {
    const ops = this.sorted();
    const byState = new Map<string, number>();
    for (const op of ops) byState.set(op.state, (byState.get(op.state) ?? 0) + 1);
    clear(this.summary);
    for (const state of ['running', 'succeeded', 'failed', 'cancelled']) {
      this.summary.append(h('span', { class: 'count static' }, badge(state), h('b', { 'data-testid': 'operation-count', 'data-state': state }, byState.get(state) ?? 0)));
    }
    clear(this.body);
    if (ops.length === 0) {
      this.body.append(h('tr', { class: 'empty' }, h('td', { colspan: 10 }, this.loaded ? 'No backend operations yet.' : 'Loading…')));
      return;
    }
    const now = Date.now();
    for (const op of ops) this.body.append(this.row(op, now));
  }

  private row(op: Operation, now: number) {
    // As the API reports it: 100 once succeeded, the job's last report while running, 0 otherwise.
    const progress = Math.max(0, Math.min(100, Math.round(op.progress ?? 0)));
    return h(
      'tr',
      { 'data-testid': 'operation-row', 'data-operation-id': op.id, 'data-state': op.state, 'data-volume-id': op.volume_id, class: `op-${op.state}` },
      h('td', {}, badge(op.state)),
      h(
        'td',
        { class: 'wrap op-cell' },
        h('b', {}, op.type),
        op.snapshot_id ? h('span', { class: 'muted', title: op.snapshot_id }, ` snapshot ${shortId(op.snapshot_id)}`) : null,
        // The reason right under what failed, where it cannot scroll out of sight.
        op.error ? h('div', { class: 'error-text', 'data-testid': 'operation-error' }, op.error) : null,
      ),
      h('td', {}, h('a', { href: volumeHref(op.volume_id), title: `${op.volume_id}: the volume’s timeline` }, h('code', {}, shortId(op.volume_id)))),
      h('td', {}, op.project_id),
      h(
        'td',
        {},
        h(
          'div',
          { class: 'progress-cell' },
          h(
            'div',
            { class: `progress progress-${op.state}`, role: 'progressbar', 'data-testid': 'progress-bar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': progress },
            h('span', { style: `width:${progress}%` }),
          ),
          h('span', { class: 'num pct' }, `${progress}%`),
        ),
      ),
      h('td', { class: 'mono' }, formatDateTime(op.requested_at).slice(11)),
      h('td', { class: 'num', 'data-testid': 'operation-duration', 'data-running': String(!op.finished_at), 'data-requested-at': op.requested_at }, formatDuration(operationDurationMs(op, now))),
      h('td', {}, op.requested_by ?? '–'),
      h('td', {}, op.request_id ? h('code', { class: 'req', title: op.request_id }, shortId(op.request_id)) : '–'),
      h('td', { class: 'muted' }, op.job ? `${op.job.state}${op.job.attempts > 1 ? ` · ${op.job.attempts} attempts` : ''}` : '–'),
    );
  }

  private tickDurations() {
    const now = Date.now();
    for (const cell of this.body.querySelectorAll<HTMLElement>('[data-running="true"]')) {
      cell.textContent = formatDuration(now - parseTime(cell.dataset.requestedAt ?? ''));
    }
  }
}
