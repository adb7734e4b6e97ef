import { WrongExpectedRevisionError, type ExpectedRevision, type NewEvent } from './event-store.port';

/** Checks done before an append by the adapters that enforce expected revisions themselves. */
export function assertHasEvents(streamId: string, events: readonly NewEvent[]): void {
  // An empty append has no last event, so there would be no position to report.
  if (events.length === 0) throw new RangeError(`Append to stream ${streamId} has no events`);
}

/** `actual` is the revision of the stream's last event, or null when the stream does not exist. */
export function assertExpectedRevision(
  streamId: string,
  expected: ExpectedRevision,
  actual: number | null,
): void {
  const satisfied =
    expected === 'any' ||
    (expected === 'no_stream' && actual === null) ||
    (expected === 'stream_exists' && actual !== null) ||
    expected === actual;
  if (!satisfied) throw new WrongExpectedRevisionError(streamId, expected, actual);
}
