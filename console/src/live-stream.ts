import { EventStreamParser, type StreamMessage } from './event-stream';

export type StreamState = 'open' | 'closed';

export interface LiveStreamOptions {
  url: string;
  headers: () => Record<string, string>;
  onMessage: (message: StreamMessage) => void;
  /** Called on every change; 'open' once the stream's `ready` message arrived. */
  onState: (state: StreamState) => void;
  /**
   * Called each time the stream is ready, the first time included: what changed while it was
   * closed (or between the view's first fetch and the stream's start) must be fetched again.
   */
  onReady: () => void;
  retryMs?: number;
}

/**
 * The server-sent events stream read with fetch, since EventSource cannot send the noauth token
 * header. When the stream ends or fails it reconnects after a short pause, for as long as the
 * page lives.
 */
export class LiveStream {
  private stopped = false;
  private controller: AbortController | null = null;

  constructor(private readonly options: LiveStreamOptions) {}

  start() {
    void this.run();
  }

  stop() {
    this.stopped = true;
    this.controller?.abort();
  }

  private async run() {
    while (!this.stopped) {
      try {
        await this.readOnce();
      } catch {
        // A refused or broken connection: the same as an ended one.
      }
      this.options.onState('closed');
      if (!this.stopped) await new Promise((resolve) => window.setTimeout(resolve, this.options.retryMs ?? 1500));
    }
  }

  private async readOnce() {
    this.controller = new AbortController();
    const response = await fetch(this.options.url, {
      headers: { ...this.options.headers(), Accept: 'text/event-stream' },
      signal: this.controller.signal,
      cache: 'no-store',
    });
    if (!response.ok || !response.body) return;
    const parser = new EventStreamParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const message of parser.push(value)) {
        if (message.event === 'ready') {
          this.options.onState('open');
          this.options.onReady();
        }
        this.options.onMessage(message);
      }
    }
  }
}
