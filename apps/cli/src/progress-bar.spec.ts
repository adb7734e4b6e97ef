import { ProgressBar } from './progress-bar';

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (chunk: string) => writes.push(chunk) };
}

describe('ProgressBar', () => {
  let now: number;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('shows the share of the log passed, events, their rate and the time left', () => {
    const bar = new ProgressBar(sink(true), 'export', { from: 0n, to: 1000n }, clock);
    now += 2000;
    bar.update(250, 250n);
    expect(bar.render()).toBe('export [######------------------] 25%  250 events  125 ev/s  ETA 6s');
  });

  it('counts without a bar when the log\'s extent is unknown', () => {
    const bar = new ProgressBar(sink(true), 'verify', null, clock);
    now += 4000;
    bar.update(10_000, 10_000n);
    expect(bar.render()).toBe('verify 10,000 events  2,500 ev/s');
  });

  it('redraws one line on a terminal, at most ten times a second, and ends it when done', () => {
    const terminal = sink(true);
    const bar = new ProgressBar(terminal, 'rebuild', { from: 0n, to: 100n }, clock);
    bar.update(10, 10n);
    now += 50;
    bar.update(20, 20n);
    now += 100;
    bar.update(30, 30n);
    bar.finish();
    expect(terminal.writes).toHaveLength(3);
    expect(terminal.writes.every((w) => w.startsWith('\r'))).toBe(true);
    expect(terminal.writes[2]).toMatch(/100%.*\n$/);
  });

  it('writes a line a second elsewhere (--progress into a file)', () => {
    const file = sink(false);
    const bar = new ProgressBar(file, 'export', { from: 0n, to: 100n }, clock);
    for (let i = 1; i <= 30; i++) {
      now += 100;
      bar.update(i, BigInt(i));
    }
    bar.finish();
    expect(file.writes).toHaveLength(4);
    expect(file.writes.every((w) => w.endsWith('\n') && !w.includes('\r'))).toBe(true);
  });
});
