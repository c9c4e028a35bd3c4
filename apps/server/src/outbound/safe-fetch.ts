import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { Readable } from "node:stream";
import { deniedAddressReason, type OutboundPolicy, originAllowed } from "./address-policy.js";

/** Most redirects one call follows, each checked like the first URL. */
export const MAX_REDIRECTS = 5;

/** A call the policy refuses; its message names the URL's problem and never quotes what a remote side answered. */
export class UnsafeUrlError extends Error {
  override name = "UnsafeUrlError";
}

/** An address the call may connect to, after the policy's checks. */
interface Target {
  url: URL;
  address: string;
  family: 4 | 6;
}

/**
 * Resolves the URL's host once and checks every address it resolves to (unless its origin is allowed), returning
 * the address to connect to. Refuses non-http(s) URLs and URLs carrying credentials.
 */
export async function resolveTarget(raw: string | URL, policy: OutboundPolicy): Promise<Target> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrlError("is not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new UnsafeUrlError(`uses ${url.protocol} (only http and https are allowed)`);
  if (url.username || url.password)
    throw new UnsafeUrlError("must not carry credentials in the URL; send them as headers");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: { address: string; family: number }[];
  try {
    addresses = isIP(host)
      ? [{ address: host, family: isIP(host) }]
      : await lookup(host, { all: true, verbatim: true });
  } catch {
    throw new UnsafeUrlError(`has a host (${host}) that does not resolve`);
  }
  if (addresses.length === 0) throw new UnsafeUrlError(`has a host (${host}) that does not resolve`);
  if (!originAllowed(url, policy)) {
    for (const { address } of addresses) {
      const reason = deniedAddressReason(address);
      if (reason)
        throw new UnsafeUrlError(
          `points at a loopback or private address the server does not call (${reason}); allow an origin with PARZEN_ALLOWED_PRIVATE_ORIGINS`,
        );
    }
  }
  const [first] = addresses;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** Connects to the checked address only: the socket never resolves the name again (no DNS rebinding). */
function pinnedLookup(target: Target): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as LookupFunction;
}

/** One request to a checked target; the answer as a fetch `Response`. */
function send(target: Target, init: RequestInit, body: Buffer | undefined): Promise<Response> {
  const { url } = target;
  const transport = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: init.method ?? "GET",
        headers: { ...Object.fromEntries(new Headers(init.headers).entries()), host: url.host },
        lookup: pinnedLookup(target),
        signal: init.signal ?? undefined,
        servername: isIP(url.hostname.replace(/^\[|\]$/g, "")) ? undefined : url.hostname,
      },
      (answer) => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(answer.headers)) {
          if (Array.isArray(value)) for (const v of value) headers.append(name, v);
          else if (value !== undefined) headers.set(name, value);
        }
        const status = answer.statusCode ?? 502;
        const empty = status === 204 || status === 304 || init.method === "HEAD";
        if (empty) answer.resume();
        resolve(
          new Response(empty ? null : (Readable.toWeb(answer) as ReadableStream<Uint8Array>), {
            status,
            statusText: answer.statusMessage,
            headers,
          }),
        );
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** The headers that may follow a redirect to another origin: none that could carry a credential. */
function portableHeaders(headers: RequestInit["headers"]): Headers {
  const kept = new Headers();
  for (const [name, value] of new Headers(headers).entries())
    if (name === "accept" || name === "content-type") kept.set(name, value);
  return kept;
}

/**
 * `fetch` for URLs a user gave: the host is resolved once, every address checked (`address-policy.ts`), the
 * connection made to the checked address, and redirects followed by hand — each hop checked the same way, at most
 * `MAX_REDIRECTS`. A refused URL or hop is an `UnsafeUrlError`. Bodies must be text or bytes.
 */
export function safeFetch(policy: OutboundPolicy): typeof fetch {
  return (async (input: string | URL | Request, given: RequestInit = {}) => {
    let init = given;
    if (input instanceof Request) throw new TypeError("safeFetch takes a URL, not a Request.");
    let body =
      init.body === undefined || init.body === null
        ? undefined
        : typeof init.body === "string"
          ? Buffer.from(init.body)
          : init.body instanceof Uint8Array
            ? Buffer.from(init.body)
            : undefined;
    if (init.body != null && body === undefined) throw new TypeError("safeFetch sends text or bytes only.");
    let current: string | URL = input;
    let method = init.method ?? "GET";
    for (let hop = 0; ; hop++) {
      const target = await resolveTarget(current, policy);
      const response = await send(target, { ...init, method }, body);
      const location = response.headers.get("location");
      if (init.redirect === "manual" || ![301, 302, 303, 307, 308].includes(response.status) || !location)
        return response;
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new UnsafeUrlError(`redirects more than ${MAX_REDIRECTS} times`);
      current = new URL(location, target.url);
      // Credentials in headers are for the origin they were given for, as fetch does with Authorization.
      if (current.origin !== target.url.origin) init = { ...init, headers: portableHeaders(init.headers) };
      // As fetch does: 303 (and 301/302 after a POST) continue as a GET without a body.
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && method === "POST")
      ) {
        method = "GET";
        body = undefined;
      }
    }
  }) as typeof fetch;
}
