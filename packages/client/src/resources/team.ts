import type { APIPromise } from "../core/api-promise.js";
import type { RequestOptions } from "../core/request-options.js";
import { resourceObject } from "../core/resource-object.js";
import type { components } from "../generated/schema.js";
import type { ApiKeyCreated } from "./api-keys.js";

/** A team's fields as the API sends them. */
export type TeamData = components["schemas"]["Team"];

/** A team you belong to (`client.teams.retrieve`, `create`, `list`…): its fields plus actions. */
export class Team extends resourceObject<TeamData>() {
  /** Renames or re-describes the team; this object takes the new fields too. */
  update(body: components["schemas"]["TeamUpdate"], options?: RequestOptions): APIPromise<Team> {
    return this._client.teams.update(this.id, body, options)._map((t) => this._assign(t.toJSON()));
  }

  /** Deletes the team and everything it owns. */
  delete(options?: RequestOptions): APIPromise<void> {
    return this._client.teams.delete(this.id, options);
  }

  /** Issues you an API key acting for this team; its `key` is shown this once. */
  createApiKey(
    body: { name: string; expires_at?: string | null },
    options?: RequestOptions,
  ): APIPromise<ApiKeyCreated> {
    return this._client.apiKeys.create({ ...body, team_id: this.id }, options);
  }
}
