import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

// Loopback, private, link-local, carrier-grade NAT, unspecified and multicast ranges: nothing a teacher
// service on the public internet lives in, and everything an attacker would aim a server-side request at.
const blocked = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(net, bits, "ipv4");
}
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  blocked.addSubnet(net, bits, "ipv6");
}

function isPrivate(address: string): boolean {
  const family = isIP(address) === 6 ? "ipv6" : "ipv4";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1], "ipv4");
  return blocked.check(address, family);
}

/**
 * Why a URL may not be called from the server, or undefined if it may: http(s) only, and — unless
 * `allowPrivate` — no host that resolves to a loopback, private or link-local address.
 */
export async function unsafeUrlReason(raw: string, allowPrivate: boolean): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not a valid URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return `uses ${url.protocol} (only http and https are allowed)`;
  if (url.username || url.password) return "must not carry credentials; send them in teacher_predict_headers";
  if (allowPrivate) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    return `has a host (${host}) that does not resolve`;
  }
  const bad = addresses.find(isPrivate);
  return bad
    ? `points at a loopback or private address (${bad}); the server refuses those unless PARZEN_ALLOW_PRIVATE_TEACHER_URLS is set`
    : undefined;
}
