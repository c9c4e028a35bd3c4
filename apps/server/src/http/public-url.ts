import type { FastifyRequest } from "fastify";

/**
 * The origin the server's own links (signed upload URLs) are built on: the configured `PARZEN_PUBLIC_URL`, or
 * else the address the request arrived at — never the request's `Host` header, which the caller controls.
 */
export function publicOrigin(request: FastifyRequest, configured: string | undefined): string {
  if (configured) return configured.replace(/\/+$/, "");
  const socket = request.raw.socket;
  const host = socket.localAddress ?? "127.0.0.1";
  const bare = host.startsWith("::ffff:") ? host.slice(7) : host;
  const shown = bare.includes(":") ? `[${bare}]` : bare;
  const scheme = "encrypted" in socket && socket.encrypted ? "https" : "http";
  return `${scheme}://${shown}:${socket.localPort}`;
}
