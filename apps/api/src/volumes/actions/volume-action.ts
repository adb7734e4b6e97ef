import type { CommandContext } from '@app/volume-commands';
import type { CinderRequestState } from '../../http/cinder-request';
import type { ActionSupport } from './action-support';

/** One call of a volume action, past Cinder's shared checks (§0 steps 1–8), from HTTP or the command queue. */
export interface ActionCall {
  origin: CinderRequestState;
  /** Recorded in the metadata of every event the action causes (e.g. its idempotency key). */
  extraMetadata?: CommandContext['extraMetadata'];
  volumeId: string;
  /** What the body holds under the action's key, validated against the action's schema. */
  value: any;
}

export interface ActionReply {
  status: 200 | 202;
  body?: unknown;
  /** Cinder answers a few actions with a raw WebOb response instead of JSON. */
  contentType?: string;
}

/** A volume action: its name, the microversion that introduced it, and its own checks in Cinder's order. */
export interface VolumeAction {
  name: string;
  minVersion?: string;
  run(call: ActionCall, support: ActionSupport): Promise<ActionReply>;
}

export const ACCEPTED: ActionReply = { status: 202 };
/** Cinder's raw `webob.Response(status_int=...)`: an empty text/html body. */
export const rawEmpty = (status: 200 | 202): ActionReply => ({ status, contentType: 'text/html; charset=UTF-8' });
