import type { Client } from "openapi-fetch";
import { paginate } from "../core/pagination.js";
import type { components, operations, paths } from "../generated/schema.js";

export type Team = components["schemas"]["Team"];
export type TeamPage = components["schemas"]["TeamPage"];
export type TeamCreate = components["schemas"]["TeamCreate"];
export type TeamUpdate = components["schemas"]["TeamUpdate"];
type ListQuery = NonNullable<operations["listTeams"]["parameters"]["query"]>;
type Options = { signal?: AbortSignal };

/** `client.teams`: the teams the caller belongs to. */
export class Teams {
  constructor(private readonly raw: Client<paths>) {}

  async list(query: ListQuery = {}, options: Options = {}): Promise<TeamPage> {
    const { data } = await this.raw.GET("/v1/teams", { params: { query }, signal: options.signal });
    return data as TeamPage;
  }

  /** Every team, page after page. */
  listAll(
    query: Omit<ListQuery, "page" | "page_size"> = {},
    options: { pageSize?: number; signal?: AbortSignal } = {},
  ) {
    return paginate<Team>((page, signal) => this.list({ ...query, ...page }, { signal }), options);
  }

  async retrieve(teamId: string, options: Options = {}): Promise<Team> {
    const { data } = await this.raw.GET("/v1/teams/{team_id}", {
      params: { path: { team_id: teamId } },
      signal: options.signal,
    });
    return data as Team;
  }

  /** Creates a team; pass `idempotencyKey` to make retries safe. */
  async create(body: TeamCreate, options: Options & { idempotencyKey?: string } = {}): Promise<Team> {
    const { data } = await this.raw.POST("/v1/teams", {
      body,
      headers: options.idempotencyKey ? { "idempotency-key": options.idempotencyKey } : {},
      signal: options.signal,
    });
    return data as Team;
  }

  async update(teamId: string, body: TeamUpdate, options: Options = {}): Promise<Team> {
    const { data } = await this.raw.PATCH("/v1/teams/{team_id}", {
      params: { path: { team_id: teamId } },
      body,
      signal: options.signal,
    });
    return data as Team;
  }

  async delete(teamId: string, options: Options = {}): Promise<void> {
    await this.raw.DELETE("/v1/teams/{team_id}", {
      params: { path: { team_id: teamId } },
      signal: options.signal,
    });
  }
}
