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
      let refused = false;
      try {
        refused = await this.readOnce();
      } catch {
        // A broken connection: the same as an ended one.
      }
      // A stopped stream's last word must not overwrite its successor's state.
      if (this.stopped) return;
      this.options.onState('closed');
      // Refused (a 4xx or 5xx answer): asking again at once would only be refused again.
      const pause = (this.options.retryMs ?? 1500) * (refused ? 10 : 1);
      await new Promise((resolve) => window.setTimeout(resolve, pause));
    }
  }

  /** Reads the stream until it ends; true when the engine refused it. */
  private async readOnce(): Promise<boolean> {
    this.controller = new AbortController();
    const response = await fetch(this.options.url, {
      headers: { ...this.options.headers(), Accept: 'text/event-stream' },
      signal: this.controller.signal,
      cache: 'no-store',
    });
    if (!response.ok || !response.body) return true;
    const parser = new EventStreamParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done || this.stopped) return false;
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
