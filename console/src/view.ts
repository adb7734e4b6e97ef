import type { Api } from './api';
import type { StreamMessage } from './event-stream';
import type { Session } from './types';

export interface ViewContext {
  api: Api;
  session: Session;
  /** Shows what went wrong and what to do about it; null hides the banner. */
  showError: (message: string | null) => void;
}

/** One screen of the console, mounted into the main element, fed the stream's messages. */
export interface View {
  /** Fetches what the view shows and draws it; called on mount and whenever the stream is (re)ready. */
  refresh(): Promise<void>;
  onMessage(message: StreamMessage): void;
  dispose(): void;
}
