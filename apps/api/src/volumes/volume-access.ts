import { Injectable } from '@nestjs/common';
import { malformedRequestUrl, volumeNotFound } from '@app/cinder-api';
import { VolumeReader, type VolumeView } from '@app/read-model';
import type { Caller } from '../identity/caller';

/** Tenant isolation (§0.6 and §0.9): the caller's project in the URL, and only its own volumes. */
@Injectable()
export class VolumeAccess {
  constructor(private readonly reader: VolumeReader) {}

  checkUrlProject(urlProject: string | undefined, caller: Caller) {
    if (urlProject !== undefined && urlProject !== caller.project_id) throw malformedRequestUrl();
  }

  async find(volumeId: string, caller: Caller): Promise<VolumeView> {
    const view = await this.reader.get(volumeId);
    if (!view || (!caller.is_admin && view.project_id !== caller.project_id)) throw volumeNotFound(volumeId);
    return view;
  }
}
