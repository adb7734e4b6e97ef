import { parseTime } from '../time-format';
import { areaPath, linePath, niceCeiling, trimWindow, type Frame, type Point } from '../chart-scale';
import { clear, h, svg } from '../dom';
import { describeError } from '../errors';
import type { StreamMessage } from '../event-stream';
import type { ThroughputSample } from '../types';
import type { View, ViewContext } from '../view';

const WINDOW_MS = 600_000;
const HEIGHT = 130;

interface Series {
  key: 'commands_per_second' | 'jobs_per_second' | 'projection_lag_events';
  testId: string;
  title: string;
  unit: string;
  floor: number;
}

const SERIES: Series[] = [
  { key: 'commands_per_second', testId: 'throughput-chart-commands', title: 'Commands per second', unit: '/s', floor: 1 },
  { key: 'jobs_per_second', testId: 'throughput-chart-jobs', title: 'Jobs per second', unit: '/s', floor: 1 },
  { key: 'projection_lag_events', testId: 'throughput-chart-lag', title: 'Projection lag', unit: ' events', floor: 5 },
];

/** Commands, jobs and projection lag over the last ten minutes, one sample a second from the stream. */
export class ThroughputView implements View {
  private samples: ThroughputSample[] = [];
  private readonly charts = h('div', { class: 'charts' });
  private readonly onResize = () => this.render();

  constructor(
    root: HTMLElement,
    private readonly ctx: ViewContext,
  ) {
    root.append(h('div', { class: 'toolbar' }, h('h1', {}, 'Throughput'), h('span', { class: 'muted' }, 'the last 10 minutes, one sample a second')), this.charts);
    window.addEventListener('resize', this.onResize);
  }

  async refresh() {
    try {
      const answer = await this.ctx.api.get<{ throughput: { samples: ThroughputSample[] } }>(`/v3/console/throughput?seconds=${WINDOW_MS / 1000}`);
      this.samples = trimWindow([...this.samples, ...answer.throughput.samples], WINDOW_MS);
      this.ctx.showError(null);
    } catch (error) {
      this.ctx.showError(describeError(error, 'read the throughput samples'));
    }
    this.render();
  }

  onMessage(message: StreamMessage) {
    if (message.event !== 'throughput') return;
    this.samples = trimWindow([...this.samples, JSON.parse(message.data) as ThroughputSample], WINDOW_MS);
    this.render();
  }

  dispose() {
    window.removeEventListener('resize', this.onResize);
  }

  private render() {
    clear(this.charts);
    const newest = this.samples.length ? parseTime(this.samples[this.samples.length - 1].at) : Date.now();
    for (const series of SERIES) this.charts.append(this.chart(series, newest - WINDOW_MS, newest));
  }

  private chart(series: Series, from: number, to: number) {
    const points: Point[] = this.samples.map((s) => ({ at: parseTime(s.at), value: Number(s[series.key]) || 0 }));
    const latest = points.length ? points[points.length - 1].value : 0;
    const peak = points.reduce((max, p) => Math.max(max, p.value), 0);
    const width = Math.max(this.charts.clientWidth - 80, 300);
    const frame: Frame = { width, height: HEIGHT, from, to, max: niceCeiling(peak, series.floor) };
    const left = 44;
    const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
    const gridLines = [0, 0.5, 1].map((f) => {
      const y = HEIGHT - f * HEIGHT;
      return svg(
        'g',
        {},
        svg('line', { x1: left, x2: left + width, y1: y + 0.5, y2: y + 0.5, class: 'gridline' }),
        svg('text', { x: left - 6, y: y + 4, class: 'ylabel', 'text-anchor': 'end' }, fmt(frame.max * f)),
      );
    });
    const xTicks = [10, 8, 6, 4, 2, 0].map((min) => {
      const x = left + ((WINDOW_MS - min * 60_000) / WINDOW_MS) * width;
      return svg('text', { x, y: HEIGHT + 16, class: 'xlabel', 'text-anchor': min === 0 ? 'end' : min === 10 ? 'start' : 'middle' }, min === 0 ? 'now' : `−${min} min`);
    });
    return h(
      'figure',
      { class: 'chart' },
      h('figcaption', {}, h('b', {}, series.title), h('span', { class: 'big' }, `${fmt(latest)}${series.unit}`), h('span', { class: 'muted' }, `peak ${fmt(peak)}${series.unit}`)),
      svg(
        'svg',
        { 'data-testid': series.testId, 'data-points': points.length, 'data-latest': this.samples[this.samples.length - 1]?.at ?? '', width: left + width + 4, height: HEIGHT + 22, role: 'img', 'aria-label': `${series.title} over the last 10 minutes` },
        ...gridLines,
        ...xTicks,
        svg(
          'g',
          { transform: `translate(${left},0)` },
          svg('path', { d: areaPath(points, frame), class: `area area-${series.key}` }),
          svg('path', { d: linePath(points, frame), class: `line line-${series.key}` }),
        ),
      ),
    );
  }
}
