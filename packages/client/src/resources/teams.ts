import type { APIPromise } from "../core/api-promise.js";
import type { PagePromise } from "../core/pagination.js";
import type { RequestOptions } from "../core/request-options.js";
import { APIResource } from "../core/resource.js";
import type { components, operations } from "../generated/schema.js";
import { Team } from "./team.js";

export type TeamCreate = components["schemas"]["TeamCreate"];
export type TeamUpdate = components["schemas"]["TeamUpdate"];
export type TeamListQuery = NonNullable<operations["listTeams"]["parameters"]["query"]>;

const path = (teamId: string) => ({ path: { team_id: teamId } });

/** `client.teams`: the teams the caller belongs to. */
export class Teams extends APIResource {
  /** One page of teams; `for await` over the call walks every page. */
  list(query: TeamListQuery = {}, options?: RequestOptions): PagePromise<Team> {
    return this._client._list(
      ({ page, ...init }) =>
        this._client.raw.GET("/v1/teams", {
          params: { query: { ...query, page: page ?? query.page } },
          ...init,
        }),
      options,
      (data) => new Team(this._client, data),
    );
  }

  /** Every team, 100 a page. */
  listAll(
    query: Omit<TeamListQuery, "page" | "page_size"> = {},
    options: RequestOptions & { pageSize?: number } = {},
  ) {
    const { pageSize, ...call } = options;
    return this.list({ ...query, page_size: pageSize ?? 100 }, call);
  }

  retrieve(teamId: string, options?: RequestOptions): APIPromise<Team> {
    return this._client._request(
      (init) => this._client.raw.GET("/v1/teams/{team_id}", { params: path(teamId), ...init }),
      options,
      (data) => new Team(this._client, data),
    );
  }

  /** Creates a team with you as its owner; pass `idempotencyKey` to make retries safe. */
  create(body: TeamCreate, options?: RequestOptions): APIPromise<Team> {
    return this._client._request(
      (init) => this._client.raw.POST("/v1/teams", { body, ...init }),
      options,
      (data) => new Team(this._client, data),
    );
  }

  update(teamId: string, body: TeamUpdate, options?: RequestOptions): APIPromise<Team> {
    return this._client._request(
      (init) => this._client.raw.PATCH("/v1/teams/{team_id}", { params: path(teamId), body, ...init }),
      options,
      (data) => new Team(this._client, data),
    );
  }

  /** Deletes a team and everything it owns (not the team the calling key acts for). */
  delete(teamId: string, options?: RequestOptions): APIPromise<void> {
    return this._client._request(
      (init) => this._client.raw.DELETE("/v1/teams/{team_id}", { params: path(teamId), ...init }),
      options,
      () => undefined,
    );
  }
}
