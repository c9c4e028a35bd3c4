import type { ParzenClient } from "../client.js";

/**
 * Base of every `client.<resource>`: it holds the client, whose `_request` / `_list` send the calls. See
 * "Adding a resource" in the package README.
 */
export abstract class APIResource {
  protected readonly _client: ParzenClient;

  constructor(client: ParzenClient) {
    this._client = client;
  }
}
