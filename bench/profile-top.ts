// Summarises a V8 .cpuprofile (node --cpu-prof; BENCH_CPU_PROF=api,worker for the engine's
// processes): the functions with the most self time, and the files and packages they are in.
// Run: node bench/run-ts.js bench/profile-top.ts FILE.cpuprofile [TOP]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export function summariseProfile(profile: Profile, top = 25) {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    if (!us) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, '');
    const name = `${functionName || '(anonymous)'} ${shortFile(file)}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byPlace.set(place(file, functionName), (byPlace.get(place(file, functionName)) ?? 0) + us);
  }
  const share = (us: number) => `${((100 * us) / total).toFixed(1)}%`;
  const sorted = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    sampledMs: Math.round(total / 1000),
    functions: sorted(byFunction).map(([name, us]) => ({ name, share: share(us) })),
    places: sorted(byPlace).map(([name, us]) => ({ name, share: share(us) })),
  };
}

/** A package (node_modules/<name>), a project folder (libs/<lib>, apps/<app>), node's own code, or the engine's work outside JS. */
function place(file: string, functionName: string): string {
  if (!file) return `(${functionName || 'native'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) return `npm:${pkg[1]}`;
  const own = /\/(libs|apps)\/([^/]+)\//.exec(file);
  if (own) return `${own[1]}/${own[2]}`;
  if (file.startsWith('node:')) return 'node internals';
  return shortFile(file);
}

const shortFile = (file: string) => file.replace(/^.*\/node_modules\//, '').replace(/^.*\/(dist|libs|apps)\//, '$1/');

if (process.argv[1] === __filename) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-top.ts FILE.cpuprofile [TOP]');
  const summary = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top ?? 25));
  console.log(`sampled ${summary.sampledMs} ms`);
  console.log('\nself time by function:');
  for (const f of summary.functions) console.log(`  ${f.share.padStart(6)}  ${f.name}`);
  console.log('\nself time by package / folder:');
  for (const p of summary.places) console.log(`  ${p.share.padStart(6)}  ${p.name}`);
}
