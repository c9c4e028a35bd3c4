import type { APIPromise } from "../core/api-promise.js";
import type { RequestOptions } from "../core/request-options.js";
import { resourceObject } from "../core/resource-object.js";
import type { components } from "../generated/schema.js";

/** A user's fields as the API sends them. */
export type UserData = components["schemas"]["User"];

/** A member of your team (`client.users.retrieve`, `list`…): its fields plus display helpers and profile updates. */
export class User extends resourceObject<UserData>() {
  /** The name to show: the nickname, else the full name, else the email address. */
  displayName(): string {
    return this.nickname || this.full_name || this.email;
  }

  /** When the user was created, formatted for `locale` (default: the runtime's) with `Intl.DateTimeFormat`. */
  formattedCreatedAt(
    locale?: string | string[],
    format: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" },
  ): string {
    return new Intl.DateTimeFormat(locale, format).format(new Date(this.created_at));
  }

  /** Updates your own profile; this object takes the new fields too. */
  updateProfile(body: components["schemas"]["UserUpdate"], options?: RequestOptions): APIPromise<User> {
    return this._client.users.update(this.id, body, options)._map((u) => this._assign(u.toJSON()));
  }
}
