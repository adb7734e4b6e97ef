import { badge } from '../badge';
import { clear, h } from '../dom';
import { describeError } from '../errors';
import type { StreamMessage } from '../event-stream';
import { shortId } from '../ids';
import { volumeHref } from '../routes';
import { sortStatuses } from '../status';
import { formatAge } from '../time-format';
import type { VolumeChange, VolumeRow, VolumesAnswer } from '../types';
import type { View, ViewContext } from '../view';
import { applyToCounts, filterQuery, isStranded, matchesFilters, NO_FILTERS, type VolumeFilters } from '../volume-filters';

const FILTERS_KEY = 'cinder-console-volume-filters';

/**
 * Every visible volume. The API answers the rows matching every filter but the status (the
 * status filter is applied here), so a `volume` message can move a row between statuses and keep
 * the counts right without asking again.
 */
export class VolumesView implements View {
  private filters: VolumeFilters = { ...NO_FILTERS, ...JSON.parse(sessionStorage.getItem(FILTERS_KEY) ?? '{}') };
  private rows = new Map<string, VolumeRow>();
  private counts: Record<string, number> = {};
  private facets = { projects: new Set<string>(), hosts: new Set<string>(), volume_types: new Set<string>() };
  private readonly countsBar = h('div', { class: 'counts', 'data-testid': 'status-counts' });
  private readonly filterBar = h('div', { class: 'filters' });
  private readonly body = h('tbody');
  private readonly summary = h('span', { class: 'muted' });
  private readonly timer: number;
  private loaded = false;
  private truncated = false;
  private arriving: VolumeChange[] | null = null;

  constructor(
    root: HTMLElement,
    private readonly ctx: ViewContext,
  ) {
    const admin = ctx.session.is_admin;
    root.append(
      h('div', { class: 'toolbar' }, h('h1', {}, 'Volumes'), this.summary, h('div', { class: 'spacer' }), this.filterBar),
      this.countsBar,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'grid', 'data-testid': 'volumes-table' },
          h(
            'thead',
            {},
            h('tr', {}, ...['Status', 'Volume', 'Size', 'Project', admin ? 'Host' : null, 'Type', 'Attach', 'Waiting for', 'Last event', 'Rev'].filter((c) => c !== null).map((c) => h('th', {}, c))),
          ),
          this.body,
        ),
      ),
    );
    // Time passes without events: a waiting volume becomes stranded on its own.
    this.timer = window.setInterval(() => this.markStranded(), 1000);
  }

  async refresh() {
    // Changes streamed while the list is on its way may be newer than the list: applied again after it.
    const arrived: VolumeChange[] = [];
    this.arriving = arrived;
    try {
      const answer = await this.ctx.api.get<VolumesAnswer>(`/v3/console/volumes${filterQuery(this.filters, { withStatus: false })}`);
      this.rows = new Map(answer.volumes.map((row) => [row.id, row]));
      this.counts = { ...answer.counts };
      this.facets = {
        projects: new Set(answer.facets.projects),
        hosts: new Set(answer.facets.hosts),
        volume_types: new Set(answer.facets.volume_types),
      };
      this.loaded = true;
      this.truncated = answer.truncated === true;
      for (const change of arrived) this.apply(change);
      this.ctx.showError(null);
    } catch (error) {
      this.ctx.showError(describeError(error, 'list the volumes'));
    }
    if (this.arriving === arrived) this.arriving = null;
    this.render();
  }

  onMessage(message: StreamMessage) {
    if (message.event !== 'volume') return;
    const change = JSON.parse(message.data) as VolumeChange;
    this.arriving?.push(change);
    if (!this.loaded) return;
    this.apply(change);
    // A new status or project belongs in the filters, unless the operator is choosing one now.
    if (!this.filterBar.contains(document.activeElement)) this.renderFilters();
    this.renderCounts();
    this.renderRows();
  }

  private apply(change: VolumeChange) {
    const before = this.rows.get(change.volume_id) ?? null;
    // A redelivered or late message must not undo a newer one.
    if (before && change.volume && change.volume.revision < before.revision) return;
    const after = change.volume && matchesFilters(change.volume, this.filters, { ignoreStatus: true }) ? change.volume : null;
    this.counts = applyToCounts(this.counts, before, after, this.filters);
    if (after) {
      // New volumes go on top, as the API lists the newest first.
      if (!before) this.rows = new Map([[after.id, after], ...this.rows]);
      else this.rows.set(after.id, after);
      this.facets.projects.add(after.project_id);
      if (after.host) this.facets.hosts.add(after.host);
      if (after.volume_type) this.facets.volume_types.add(after.volume_type);
    } else {
      this.rows.delete(change.volume_id);
    }
  }

  dispose() {
    window.clearInterval(this.timer);
  }

  private setFilter(key: keyof VolumeFilters, value: string) {
    this.filters = { ...this.filters, [key]: value };
    sessionStorage.setItem(FILTERS_KEY, JSON.stringify(this.filters));
    if (key === 'status') this.render();
    else void this.refresh();
  }

  private render() {
    this.renderFilters();
    this.renderCounts();
    this.renderRows();
  }

  private renderFilters() {
    const select = (key: keyof VolumeFilters, label: string, testId: string, values: Iterable<string>) => {
      const options = [...new Set([...values, ...(this.filters[key] ? [this.filters[key]] : [])])];
      return h(
        'label',
        {},
        label,
        h(
          'select',
          { 'data-testid': testId, onchange: (event: Event) => this.setFilter(key, (event.target as HTMLSelectElement).value) },
          h('option', { value: '' }, 'all'),
          ...options.map((value) => h('option', { value, selected: value === this.filters[key] }, value)),
        ),
      );
    };
    clear(this.filterBar);
    this.filterBar.append(
      select('status', 'Status', 'filter-status', sortStatuses(Object.keys(this.counts))),
      select('project_id', 'Project', 'filter-project', [...this.facets.projects].sort()),
      select('host', 'Host', 'filter-host', [...this.facets.hosts].sort()),
      select('volume_type', 'Type', 'filter-type', [...this.facets.volume_types].sort()),
    );
  }

  private renderCounts() {
    clear(this.countsBar);
    const total = Object.values(this.counts).reduce((sum, n) => sum + n, 0);
    const chip = (status: string, label: Node | string, n: number) =>
      h(
        'button',
        {
          class: `count${this.filters.status === status ? ' active' : ''}`,
          type: 'button',
          title: status ? `Show only ${status} volumes` : 'Show every status',
          onclick: () => this.setFilter('status', this.filters.status === status ? '' : status),
        },
        label,
        h('b', status ? { 'data-testid': 'status-count', 'data-status': status } : { 'data-testid': 'status-count-total' }, n),
      );
    this.countsBar.append(chip('', 'all', total), ...sortStatuses(Object.keys(this.counts)).map((status) => chip(status, badge(status), this.counts[status])));
  }

  private visible() {
    return [...this.rows.values()].filter((row) => matchesFilters(row, this.filters));
  }

  private renderSummary(now: number) {
    const visible = this.visible();
    const stranded = visible.filter((row) => isStranded(row, now, this.ctx.session.stuck_after_ms)).length;
    this.summary.textContent = `${visible.length} shown${stranded ? ` · ${stranded} stranded` : ''}${this.truncated ? ' · only the newest volumes: filter to see older ones' : ''}`;
  }

  private renderRows() {
    const now = Date.now();
    const visible = this.visible();
    this.renderSummary(now);
    clear(this.body);
    if (visible.length === 0) {
      const columns = this.ctx.session.is_admin ? 10 : 9;
      this.body.append(h('tr', { class: 'empty' }, h('td', { colspan: columns }, this.loaded ? 'No volumes match.' : 'Loading…')));
      return;
    }
    for (const row of visible) this.body.append(this.rowElement(row, now));
  }

  /** Re-renders only the rows whose stranded mark changed since they were drawn. */
  private markStranded() {
    const now = Date.now();
    let changed = false;
    for (const element of this.body.querySelectorAll<HTMLTableRowElement>('tr[data-volume-id]')) {
      const row = this.rows.get(element.dataset.volumeId ?? '');
      if (row && String(isStranded(row, now, this.ctx.session.stuck_after_ms)) !== element.dataset.stranded) {
        element.replaceWith(this.rowElement(row, now));
        changed = true;
      }
    }
    if (changed) this.renderSummary(now);
  }

  private rowElement(row: VolumeRow, now: number) {
    const stranded = isStranded(row, now, this.ctx.session.stuck_after_ms);
    return h(
      'tr',
      {
        'data-testid': 'volume-row',
        'data-volume-id': row.id,
        'data-status': row.status,
        'data-stranded': String(stranded),
        class: stranded ? 'stranded' : '',
        title: stranded ? `Stranded: ${row.status} with no event for longer than ${Math.round(this.ctx.session.stuck_after_ms / 1000)} s` : '',
      },
      h('td', { 'data-testid': 'volume-status' }, badge(row.status), stranded ? h('span', { class: 'flag' }, 'stranded') : null),
      h(
        'td',
        { class: 'volume-cell' },
        h('a', { 'data-testid': 'volume-link', href: volumeHref(row.id) }, row.name || h('span', { class: 'muted' }, '(no name)')),
        h('code', { class: 'id', title: row.id }, shortId(row.id)),
      ),
      h('td', { class: 'num', 'data-testid': 'volume-size' }, `${row.size} GiB`),
      h('td', {}, row.project_id),
      this.ctx.session.is_admin ? h('td', { class: 'mono' }, row.host ?? '–') : null,
      h('td', {}, row.volume_type ?? '–'),
      h('td', {}, row.attach_status ?? '–'),
      h('td', {}, row.waiting_for ?? ''),
      h('td', { title: row.updated_at ?? '' }, formatAge(row.updated_at, now)),
      h('td', { class: 'num' }, row.revision),
    );
  }
}
