// An organisation layer is changed only by its organisation's advocates and admins; for everyone who
// may not see it, it does not exist (404).
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { isEditorRole, readerOf, type SignedIn } from '../access/viewer.js';
import type { LayerCatalogue } from '../http/layers.js';
import { HttpProblem, notFound } from '../http/problem.js';
import type { z } from 'zod';
import type { OrgLayerPatch } from './organisation-layers.schema.js';
import * as repo from './organisation-layers.repo.js';

export class OrganisationLayersService {
  constructor(private readonly db: Kysely<DB>, private readonly layers: LayerCatalogue) {}

  private async editable(viewer: SignedIn, id: string) {
    const rec = await repo.getOrgLayer(this.db, id);
    if (!rec || rec.deleted_at || !(await this.layers.find(id, readerOf(viewer)))) throw notFound(`There is no organisation layer '${id}'. See /api/layers for the list.`);
    if (rec.organisation_id !== viewer.orgId || !isEditorRole(viewer.role)) {
      throw new HttpProblem('forbidden', "Only advocates and admins of the layer's organisation change or delete it.");
    }
    return rec;
  }

  async patch(viewer: SignedIn, id: string, body: z.output<typeof OrgLayerPatch>) {
    await this.editable(viewer, id);
    await repo.patchOrgLayer(this.db, id, body);
  }

  async remove(viewer: SignedIn, id: string) {
    await this.editable(viewer, id);
    await repo.softDeleteOrgLayer(this.db, id);
  }
}
