// Preloaded into the engine's processes by BENCH_WHAT_IF=sqlite-normal, for an experiment only:
// the event store opens SQLite with synchronous=NORMAL instead of FULL (no fsync per append, still
// crash-safe in WAL mode; the last appends may be lost on a power cut). It measures what the
// per-append fsync costs the request path; it is not how the engine runs.
const Database = require('better-sqlite3');
const pragma = Database.prototype.pragma;
Database.prototype.pragma = function (source, options) {
  return pragma.call(this, /^\s*synchronous\s*=\s*FULL\s*$/i.test(source) ? 'synchronous = NORMAL' : source, options);
};
