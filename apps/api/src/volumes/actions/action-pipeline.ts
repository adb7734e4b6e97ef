import { Inject, Injectable } from '@nestjs/common';
import {
  CinderFault,
  noSuchAction,
  resourceNotFound,
  selectAction,
  validateVolumeActionBody,
} from '@app/cinder-api';
import { IDEMPOTENCY_STORE, requestBodyHash, type IdempotencyStore } from '@app/volume-commands';
import type { CinderRequestState } from '../../http/cinder-request';
import { commandContext } from '../command-context.factory';
import { VolumeAccess } from '../volume-access';
import { ActionSupport } from './action-support';
import { VOLUME_ACTIONS } from './index';
import type { ActionReply } from './volume-action';

/** One volume action request, from HTTP or from the command queue. */
export interface ActionRequest {
  origin: CinderRequestState;
  /** The project in the URL, when the URL has one. */
  projectId?: string;
  volumeId: string;
  rawBody: Buffer | undefined;
  contentType: string | undefined;
  idempotencyKey?: string;
}

/**
 * A volume action in Cinder's order (§0): the body and action name, the URL's project, the
 * microversion gate, the schema; then a retry of an applied request is answered as the first time;
 * then the action's own lookup, policies and decision.
 */
@Injectable()
export class VolumeActionPipeline {
  constructor(
    private readonly access: VolumeAccess,
    private readonly support: ActionSupport,
    @Inject(IDEMPOTENCY_STORE) private readonly keys: IdempotencyStore,
  ) {}

  async run(request: ActionRequest): Promise<ActionReply> {
    const { origin, volumeId, idempotencyKey } = request;
    const { action: name, body } = selectAction(request.rawBody, request.contentType);
    const action = VOLUME_ACTIONS.get(name);
    if (!action) throw noSuchAction(name);
    this.access.checkUrlProject(request.projectId, origin.caller);
    if (action.minVersion && !origin.version.atLeast(action.minVersion)) throw resourceNotFound();
    validateVolumeActionBody(name, origin.version, body);
    const value = (body as Record<string, unknown>)[name];
    if (!idempotencyKey) return action.run({ origin, volumeId, value }, this.support);

    const caller = `${origin.caller.user_id}@${origin.caller.project_id}`;
    const bodyHash = requestBodyHash(body);
    const earlier = await this.keys.find(volumeId, caller, idempotencyKey);
    if (earlier) {
      if (earlier.body_hash !== bodyHash) {
        throw new CinderFault(
          409,
          `Idempotency-Key ${idempotencyKey} was already used on volume ${volumeId} with a different request body. ` +
            'Use a new key for a different request.',
        );
      }
      return earlier.response as ActionReply;
    }
    const reply = await action.run({ origin, volumeId, value, extraMetadata: { idempotency_key: idempotencyKey } }, this.support);
    await this.keys.record(
      volumeId,
      caller,
      idempotencyKey,
      { body_hash: bodyHash, response: reply, recorded_at: new Date().toISOString() },
      commandContext(origin),
    );
    return reply;
  }
}
