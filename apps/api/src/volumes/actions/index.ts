import * as attachment from './attachment.actions';
import * as connection from './connection.actions';
import * as extend from './extend.actions';
import * as image from './image.actions';
import * as imageMetadata from './image-metadata.actions';
import * as lifecycle from './lifecycle.actions';
import * as status from './status.actions';
import type { VolumeAction } from './volume-action';

/** The 25 actions of POST .../volumes/{id}/action, by name. Any other name is "no such action". */
export const VOLUME_ACTIONS: ReadonlyMap<string, VolumeAction> = new Map(
  [
    ...Object.values(extend),
    ...Object.values(status),
    ...Object.values(imageMetadata),
    ...Object.values(attachment),
    ...Object.values(connection),
    ...Object.values(lifecycle),
    ...Object.values(image),
  ].map((action) => [action.name, action]),
);

export { ActionSupport } from './action-support';
export type { ActionReply, VolumeAction } from './volume-action';
