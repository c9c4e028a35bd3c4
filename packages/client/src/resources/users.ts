import type { APIPromise } from "../core/api-promise.js";
import type { PagePromise } from "../core/pagination.js";
import type { RequestOptions } from "../core/request-options.js";
import { APIResource } from "../core/resource.js";
import type { components, operations } from "../generated/schema.js";
import { User } from "./user.js";

export type UserUpdate = components["schemas"]["UserUpdate"];
export type UserListQuery = NonNullable<operations["listUsers"]["parameters"]["query"]>;

/** `client.users`: the people in the caller's team (read, and update your own profile). */
export class Users extends APIResource {
  /** One page of users; `for await` over the call walks every page. */
  list(query: UserListQuery = {}, options?: RequestOptions): PagePromise<User> {
    return this._client._list(
      ({ page, ...init }) =>
        this._client.raw.GET("/v1/users", {
          params: { query: { ...query, page: page ?? query.page } },
          ...init,
        }),
      options,
      (data) => new User(this._client, data),
    );
  }

  /** Every user, 100 a page. */
  listAll(
    query: Omit<UserListQuery, "page" | "page_size"> = {},
    options: RequestOptions & { pageSize?: number } = {},
  ) {
    const { pageSize, ...call } = options;
    return this.list({ ...query, page_size: pageSize ?? 100 }, call);
  }

  retrieve(userId: string, options?: RequestOptions): APIPromise<User> {
    return this._client._request(
      (init) =>
        this._client.raw.GET("/v1/users/{user_id}", { params: { path: { user_id: userId } }, ...init }),
      options,
      (data) => new User(this._client, data),
    );
  }

  /** Updates your own profile: `full_name`, `nickname`. */
  update(userId: string, body: UserUpdate, options?: RequestOptions): APIPromise<User> {
    return this._client._request(
      (init) =>
        this._client.raw.PATCH("/v1/users/{user_id}", {
          params: { path: { user_id: userId } },
          body,
          ...init,
        }),
      options,
      (data) => new User(this._client, data),
    );
  }
}
