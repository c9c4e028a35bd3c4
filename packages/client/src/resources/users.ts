import type { Client } from "openapi-fetch";
import { paginate } from "../core/pagination.js";
import type { components, operations, paths } from "../generated/schema.js";

export type User = components["schemas"]["User"];
export type UserPage = components["schemas"]["UserPage"];
type ListQuery = NonNullable<operations["listUsers"]["parameters"]["query"]>;
type Options = { signal?: AbortSignal };

/** `client.users`: the people in the caller's team (read and update only). */
export class Users {
  constructor(private readonly raw: Client<paths>) {}

  async list(query: ListQuery = {}, options: Options = {}): Promise<UserPage> {
    const { data } = await this.raw.GET("/v1/users", { params: { query }, signal: options.signal });
    return data as UserPage;
  }

  /** Every user, page after page. */
  listAll(
    query: Omit<ListQuery, "page" | "page_size"> = {},
    options: { pageSize?: number; signal?: AbortSignal } = {},
  ) {
    return paginate<User>((page, signal) => this.list({ ...query, ...page }, { signal }), options);
  }

  async retrieve(userId: string, options: Options = {}): Promise<User> {
    const { data } = await this.raw.GET("/v1/users/{user_id}", {
      params: { path: { user_id: userId } },
      signal: options.signal,
    });
    return data as User;
  }

  /** Updates your own profile. */
  async update(userId: string, body: { full_name: string }, options: Options = {}): Promise<User> {
    const { data } = await this.raw.PATCH("/v1/users/{user_id}", {
      params: { path: { user_id: userId } },
      body,
      signal: options.signal,
    });
    return data as User;
  }
}
