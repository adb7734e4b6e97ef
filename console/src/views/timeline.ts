import { badge } from '../badge';
import { clear, h } from '../dom';
import { describeError } from '../errors';
import type { StreamMessage } from '../event-stream';
import { statusFamily } from '../status';
import { axisEnd, axisPercent, continuesPast, statusSegments, timeInStatus, type LaneSegment } from '../status-lane';
import { formatClock, formatDateTime, formatDuration, parseTime } from '../time-format';
import type { StateAnswer, VolumeChange, VolumeEvent } from '../types';
import type { View, ViewContext } from '../view';

interface EventsPage {
  events: VolumeEvent[];
  events_links?: Array<{ rel: string; href: string }>;
}

/**
 * One volume's history: its events on a time axis (one row each, a Gantt chart of sorts), the
 * status lane under the same axis, who did each thing, and the volume as it was right after the
 * selected event (GET /v3/volumes/{id}/state?at=<revision>).
 */
export class TimelineView implements View {
  private events: VolumeEvent[] = [];
  private selected: number | null = null;
  private stateRequest = 0;
  private refetch: number | null = null;
  private readonly header = h('div', { class: 'toolbar' });
  private readonly timeline = h('section', { class: 'timeline', 'data-testid': 'timeline' });
  private readonly lanes = h('section', { class: 'lane-summary' });
  private readonly statePanel = h('section', { class: 'state-panel', 'data-testid': 'state-panel' });

  constructor(
    root: HTMLElement,
    private readonly ctx: ViewContext,
    private readonly volumeId: string,
  ) {
    root.append(this.header, this.timeline, this.lanes, this.statePanel);
    this.renderHeader();
    this.renderStateHint();
  }

  async refresh() {
    try {
      this.events = await this.fetchEvents();
      this.ctx.showError(null);
    } catch (error) {
      this.events = [];
      this.ctx.showError(describeError(error, `show the history of volume ${this.volumeId}`));
    }
    this.render();
  }

  onMessage(message: StreamMessage) {
    if (message.event !== 'volume') return;
    const change = JSON.parse(message.data) as VolumeChange;
    if (change.volume_id !== this.volumeId) return;
    // Events of one command arrive together: one fetch for the lot.
    if (this.refetch !== null) window.clearTimeout(this.refetch);
    this.refetch = window.setTimeout(() => {
      this.refetch = null;
      void this.refresh();
    }, 100);
  }

  dispose() {
    if (this.refetch !== null) window.clearTimeout(this.refetch);
  }

  private async fetchEvents(): Promise<VolumeEvent[]> {
    const events: VolumeEvent[] = [];
    let path: string | null = `/v3/volumes/${encodeURIComponent(this.volumeId)}/events?limit=1000`;
    while (path) {
      const page: EventsPage = await this.ctx.api.get<EventsPage>(path);
      events.push(...page.events);
      const next = page.events_links?.find((link) => link.rel === 'next')?.href;
      // The link is absolute as the engine saw the request; the console asks its own origin.
      path = next && page.events.length > 0 ? new URL(next, location.href).pathname + new URL(next, location.href).search : null;
    }
    return events.sort((a, b) => a.revision - b.revision);
  }

  private render() {
    this.renderHeader();
    this.renderTimeline();
    if (this.selected !== null && !this.events.some((e) => e.revision === this.selected)) this.selected = null;
    if (this.selected === null) this.renderStateHint();
    // Nothing to travel through: no hint about selecting events.
    this.statePanel.hidden = this.events.length === 0;
  }

  private renderHeader() {
    clear(this.header);
    const last = this.events[this.events.length - 1];
    const created = this.events.find((e) => e.revision === 0);
    const name = typeof created?.data?.name === 'string' ? created.data.name : null;
    this.header.append(
      h('a', { href: '#/volumes', class: 'back' }, '← Volumes'),
      h('h1', {}, name ?? 'Volume'),
      h('code', { class: 'id' }, this.volumeId),
      last ? badge(last.status_after, { 'data-testid': 'timeline-status' }) : '',
      h('span', { class: 'muted' }, last ? `${this.events.length} events · last ${formatDateTime(last.recorded_at)} UTC` : ''),
    );
  }

  private renderTimeline() {
    clear(this.timeline);
    if (this.events.length === 0) {
      this.timeline.append(h('p', { class: 'muted' }, 'No events to show.'));
      clear(this.lanes);
      return;
    }
    const now = Date.now();
    const last = this.events[this.events.length - 1];
    const start = parseTime(this.events[0].recorded_at);
    const segments = statusSegments(this.events, now);
    // A deleted volume's axis ends at its last event; a live one's at now, its status still running.
    const end = axisEnd(start, parseTime(last.recorded_at), last.status_after === null, now);
    const x = (at: number) => axisPercent(at, start, end);

    this.timeline.append(
      h('div', { class: 'tl-row tl-head' }, h('div', {}, 'Rev'), h('div', {}, 'Event'), h('div', {}, 'Recorded (UTC)'), h('div', {}, 'Who'), axis(start, end)),
      h(
        'div',
        { class: 'tl-row tl-lane' },
        h('div', {}),
        h('div', {}, 'Status over time'),
        h('div', { class: 'muted' }, `axis ${formatDuration(end - start)}`),
        h('div', { class: 'muted' }, 'width = time spent'),
        h('div', { class: 'track', 'data-testid': 'status-lane' }, ...segments.map((segment) => laneSegment(segment, x, continuesPast(segment, end)))),
      ),
      ...this.events.map((event) => this.eventRow(event, start, x)),
    );

    clear(this.lanes);
    this.lanes.append(
      h('h2', {}, 'Time in each status'),
      h(
        'div',
        { class: 'durations' },
        ...timeInStatus(segments).map(({ status, durationMs }) =>
          h('span', { class: 'duration', 'data-testid': 'status-duration', 'data-status': status }, badge(status), formatDuration(durationMs)),
        ),
      ),
    );
  }

  private eventRow(event: VolumeEvent, start: number, x: (at: number) => number) {
    const at = parseTime(event.recorded_at);
    const actor = event.metadata.actor ?? {};
    const selected = event.revision === this.selected;
    const select = () => void this.select(event.revision);
    return h(
      'div',
      {
        class: `tl-row tl-event${selected ? ' selected' : ''}`,
        role: 'option',
        tabindex: 0,
        'data-testid': 'timeline-event',
        'data-event-id': event.id,
        'data-revision': event.revision,
        'data-type': event.type,
        'aria-selected': String(selected),
        'data-selected': String(selected),
        onclick: select,
        onkeydown: (e: Event) => {
          if ((e as KeyboardEvent).key === 'Enter' || (e as KeyboardEvent).key === ' ') select();
        },
      },
      h('div', { class: 'num' }, event.revision),
      h(
        'div',
        { class: 'ev-type' },
        h('b', {}, event.type),
        h('span', { class: 'transition' }, event.status_before ?? '∅', ' → ', event.status_after ?? 'deleted'),
      ),
      h('div', { class: 'mono', title: event.recorded_at }, formatClock(event.recorded_at), h('span', { class: 'muted' }, ` +${formatDuration(at - start)}`)),
      h(
        'div',
        { class: 'actor', 'data-testid': 'event-actor', 'data-service': String(Boolean(actor.service)) },
        h('span', { 'data-testid': 'actor-user' }, actor.user_id ?? '?'),
        h('span', { class: 'muted' }, ' @ '),
        h('span', { 'data-testid': 'actor-project' }, actor.project_id ?? '?'),
        actor.service ? h('span', { class: 'tag service' }, 'service') : null,
        event.metadata.request_id ? h('code', { class: 'req', 'data-testid': 'actor-request', title: 'request id' }, String(event.metadata.request_id)) : null,
      ),
      h('div', { class: 'track' }, h('span', { class: `dot dot-${event.status_after ? 'live' : 'gone'}`, style: `left:${x(at)}%` })),
    );
  }

  private async select(revision: number) {
    this.selected = revision;
    for (const row of this.timeline.querySelectorAll<HTMLElement>('[data-testid="timeline-event"]')) {
      const on = row.dataset.revision === String(revision);
      row.classList.toggle('selected', on);
      row.setAttribute('aria-selected', String(on));
      row.dataset.selected = String(on);
    }
    const request = ++this.stateRequest;
    clear(this.statePanel);
    this.statePanel.removeAttribute('data-revision');
    this.statePanel.append(h('p', { class: 'muted' }, `Loading the volume as of revision ${revision}…`));
    try {
      const state = await this.ctx.api.get<StateAnswer>(`/v3/volumes/${encodeURIComponent(this.volumeId)}/state?at=${revision}`);
      if (request === this.stateRequest) this.renderState(state);
    } catch (error) {
      if (request !== this.stateRequest) return;
      clear(this.statePanel);
      this.statePanel.append(h('p', { class: 'error-text' }, describeError(error, `fold the volume to revision ${revision}`)));
    }
  }

  private renderState(state: StateAnswer) {
    const volume = state.volume;
    const field = (label: string, value: unknown, testId?: string) =>
      h('div', { class: 'field' }, h('span', { class: 'muted' }, label), h('span', testId ? { 'data-testid': testId } : {}, value === null || value === undefined ? '–' : String(value)));
    clear(this.statePanel);
    this.statePanel.setAttribute('data-revision', String(state.revision));
    this.statePanel.append(
      h('h2', {}, `The volume right after revision ${state.revision}`, h('span', { class: 'muted' }, ` · recorded ${formatDateTime(state.recorded_at)} UTC · same fold as cinder-engine state --at`)),
      h(
        'div',
        { class: 'state-grid' },
        h(
          'div',
          { class: 'fields' },
          h('div', { class: 'field' }, h('span', { class: 'muted' }, 'status'), h('span', { 'data-testid': 'state-status' }, badge(volume.status ?? null))),
          h('div', { class: 'field' }, h('span', { class: 'muted' }, 'size'), h('span', {}, h('span', { 'data-testid': 'state-size' }, volume.size ?? '–'), ' GiB')),
          field('attached to', attachedTo(volume)),
          field('name', volume.name),
          field('volume type', volume.volume_type),
          field('project', volume['os-vol-tenant-attr:tenant_id']),
          field('host', volume['os-vol-host-attr:host']),
          field('migration', volume['os-vol-mig-status-attr:migstat']),
          field('updated (UTC)', formatDateTime(volume.updated_at as string | null)),
        ),
        this.eventFacts(state.revision),
        h('pre', { class: 'json', 'data-testid': 'state-json' }, JSON.stringify(volume, null, 2)),
      ),
    );
  }

  /** What the selected event itself carried: its type, the request it came from, its data. */
  private eventFacts(revision: number): HTMLElement {
    const event = this.events.find((e) => e.revision === revision);
    if (!event) return h('div', {});
    const line = (label: string, value: Node | string) => h('div', { class: 'field' }, h('span', { class: 'muted' }, label), h('span', {}, value));
    return h(
      'div',
      { class: 'fields event-facts' },
      h('h3', {}, `Event ${event.revision}`),
      line('type', h('b', {}, event.type)),
      line('request', h('code', { class: 'wrap-code' }, String(event.metadata.request_id ?? '–'))),
      line('caused by', h('code', { class: 'wrap-code' }, String(event.metadata.causation_id ?? '–'))),
      h('pre', { class: 'json small', 'data-testid': 'event-data' }, JSON.stringify(event.data, null, 2)),
    );
  }

  private renderStateHint() {
    clear(this.statePanel);
    this.statePanel.removeAttribute('data-revision');
    this.statePanel.append(h('p', { class: 'muted' }, 'Select an event to see the volume as it was right after it (time travel).'));
  }
}

function laneSegment(segment: LaneSegment, x: (at: number) => number, runsOff: boolean) {
  const left = x(segment.start);
  const width = Math.max(x(segment.end) - left, 0);
  const label = `${segment.status} ${formatDuration(segment.durationMs)}${segment.closed ? '' : ' so far'}${runsOff ? ' →' : ''}`;
  return h(
    'div',
    {
      class: `segment seg-${statusFamily(segment.status)}${runsOff ? ' runs-off' : ''}`,
      'data-testid': 'status-segment',
      'data-status': segment.status,
      'data-duration-ms': Math.round(segment.durationMs),
      style: `left:${left}%;width:${width}%`,
      title: label,
    },
    h('span', {}, label),
  );
}

/** Tick marks along the top of the time axis, at round offsets from the first event. */
function axis(start: number, end: number) {
  const span = end - start;
  const steps = [100, 250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000, 300_000, 600_000, 1_800_000, 3_600_000, 21_600_000, 86_400_000];
  const step = steps.find((s) => span / s <= 6) ?? span / 6;
  const ticks: HTMLElement[] = [];
  for (let t = 0; t <= span; t += step) ticks.push(h('span', { class: 'tick', style: `left:${(t / span) * 100}%` }, `+${formatDuration(t)}`));
  return h('div', { class: 'track axis' }, ...ticks);
}

/** The servers a volume is attached to, from Cinder's `attachments` (empty: nothing). */
function attachedTo(volume: Record<string, unknown>): string {
  const attachments = Array.isArray(volume.attachments) ? (volume.attachments as Array<{ server_id?: string }>) : [];
  return attachments.length === 0 ? 'nothing' : attachments.map((a) => a.server_id ?? '?').join(', ');
}
