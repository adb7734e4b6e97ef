import { Injectable } from '@nestjs/common';
import { malformedRequestUrl, volumeNotFound } from '@app/cinder-api';
import type { Caller } from '@app/identity';
import { Policy, PolicyDenied, type Target } from '@app/policy';
import { VolumeReader, type VolumeView } from '@app/read-model';

/**
 * How an action treats a `volume:get` denial (§0.9): most hide the volume (404), `revert` says
 * so (403), and reset-status and the image-metadata setters do not check it at all.
 */
export type GetPolicy = 'hide' | 'forbid' | 'skip';

/** Tenant isolation and policy, in Cinder's order: URL project, lookup, `volume:get`, then the action's rule. */
@Injectable()
export class VolumeAccess {
  constructor(
    private readonly reader: VolumeReader,
    private readonly policy: Policy,
  ) {}

  checkUrlProject(urlProject: string | undefined, caller: Caller) {
    if (urlProject !== undefined && urlProject !== caller.project_id) throw malformedRequestUrl();
  }

  /** Another project's volume is "not found" to a non-admin: existence never leaks; nor does a deleted one. */
  async find(volumeId: string, caller: Caller, getPolicy: GetPolicy = 'hide'): Promise<VolumeView> {
    const view = await this.reader.get(volumeId);
    if (!view || view.deleted || (!caller.is_admin && view.project_id !== caller.project_id)) this.notFound(volumeId);
    if (getPolicy !== 'skip' && !this.policy.enforce('volume:get', caller, view)) {
      if (getPolicy === 'forbid') throw new PolicyDenied('volume:get');
      this.notFound(volumeId);
    }
    return view;
  }

  notFound(volumeId: string): never {
    throw volumeNotFound(volumeId);
  }

  authorize(rule: string, caller: Caller, target: Target) {
    this.policy.authorize(rule, caller, target);
  }

  allows(rule: string, caller: Caller, target: Target): boolean {
    return this.policy.enforce(rule, caller, target);
  }
}
