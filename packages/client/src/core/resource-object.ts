import type { ParzenClient } from "../client.js";

/**
 * Base of the rich objects the resources return (`ParzenFile`, `Dataset`, `User`, …): the API's fields as own
 * properties, plus methods that act on the object through the client it came from. `JSON.stringify` and
 * `toJSON()` give the plain fields.
 */
export class ResourceObject {
  /** The client this object came from (not enumerable, so it never shows in JSON or equality checks). */
  declare protected readonly _client: ParzenClient;

  constructor(client: ParzenClient, data: object) {
    Object.defineProperty(this, "_client", { value: client, enumerable: false });
    Object.assign(this, data);
  }

  /** Replaces the fields with a newer answer for the same object (after an update, for instance). */
  protected _assign(data: object): this {
    Object.assign(this, data);
    return this;
  }

  /** The plain fields, as the API sent them. */
  toJSON(): Record<string, unknown> {
    return { ...this } as unknown as Record<string, unknown>;
  }
}

/**
 * The base class for a rich object with the fields of `Data`: `class Dataset extends resourceObject<DatasetData>()`
 * gives `new Dataset(client, data)` typed with every field of `DatasetData`.
 */
export function resourceObject<Data extends object>() {
  return ResourceObject as unknown as new (
    client: ParzenClient,
    data: Data,
  ) => ResourceObject & Data;
}
