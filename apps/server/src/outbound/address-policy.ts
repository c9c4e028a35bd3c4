import { networkInterfaces } from "node:os";
import ipaddr from "ipaddr.js";

/** Who may be called: by default only public unicast addresses; the options open it up for tests and development. */
export interface OutboundPolicy {
  /** Any address at all, private ones included (`PARZEN_ALLOW_PRIVATE_TEACHER_URLS`, development only). */
  allowPrivate?: boolean;
  /** Origins (`http://127.0.0.1:8081`) exempt from the address check (`PARZEN_ALLOWED_PRIVATE_ORIGINS`). */
  allowedOrigins?: string[];
}

/** The IPv4 address an IPv6 form carries (mapped, compatible, NAT64, 6to4, SIIT), if it carries one. */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const p = address.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  switch (address.range()) {
    case "ipv4Mapped":
    case "rfc6145":
    case "rfc6052":
      return v4(p[6], p[7]);
    case "6to4":
      return v4(p[1], p[2]);
  }
  // IPv4-compatible (`::a.b.c.d`, deprecated): the first 96 bits are zero.
  if (p.slice(0, 6).every((x) => x === 0)) return v4(p[6], p[7]);
  return undefined;
}

/** The host's own addresses (every interface), which reach this machine however public they look. */
function ownAddresses(): Set<string> {
  const own = new Set<string>();
  for (const list of Object.values(networkInterfaces()))
    for (const entry of list ?? []) own.add(ipaddr.process(entry.address.split("%")[0]).toNormalizedString());
  return own;
}

/**
 * Why the server must not connect to this address, or undefined when it may: only public unicast addresses pass.
 * Every special-purpose range of the IANA IPv4 and IPv6 registries is refused (loopback, private, link-local,
 * unique- and site-local, carrier-grade NAT, benchmarking `198.18.0.0/15`, documentation, multicast, reserved,
 * Teredo…); IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are
 * judged by the address they embed; and the host's own interface addresses are refused whatever their range.
 */
export function deniedAddressReason(address: string): string | undefined {
  if (!ipaddr.isValid(address.split("%")[0])) return `${address} is not an IP address`;
  const bare = address.split("%")[0];
  const parsed = ipaddr.parse(bare);
  if (parsed.kind() === "ipv6" && !["loopback", "unspecified"].includes(parsed.range())) {
    const inner = embeddedIPv4(parsed as ipaddr.IPv6);
    if (inner) {
      const reason = deniedAddressReason(inner.toString());
      return reason ? `${address} embeds ${inner.toString()}: ${reason}` : undefined;
    }
  }
  const range = parsed.range();
  if (range !== "unicast") return `${address} is a ${range} address`;
  if (ownAddresses().has(ipaddr.process(bare).toNormalizedString()))
    return `${address} is an address of this server`;
  return undefined;
}

/** Whether a URL's origin is on the policy's allow list (exempt from the address check). */
export function originAllowed(url: URL, policy: OutboundPolicy): boolean {
  if (policy.allowPrivate) return true;
  return (policy.allowedOrigins ?? []).some((origin) => {
    try {
      return new URL(origin).origin === url.origin;
    } catch {
      return false;
    }
  });
}

/** The allow list from `PARZEN_ALLOWED_PRIVATE_ORIGINS` (comma-separated origins). */
export function allowedOriginsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.PARZEN_ALLOWED_PRIVATE_ORIGINS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
