import net from "node:net";

/**
 * The client's address behind reverse proxies. Only proxies listed in TRUSTED_PROXIES (addresses or CIDR
 * ranges, empty by default) may speak for a client through X-Forwarded-For: starting from the connection's
 * own address and moving left through the header, the first address that is not a trusted proxy is the
 * client (the right-most untrusted one). Anything a client writes into the header itself sits to the left
 * of what our proxy appended, so it is never reached; with no trusted proxies the header is ignored.
 */

/** "::ffff:10.0.0.1" (IPv4 on an IPv6 socket) → "10.0.0.1"; other addresses as they are. */
export function normaliseAddress(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  return mapped ? mapped[1] : trimmed;
}

/** A list of proxies; throws with the bad entry named when one is neither an address nor a CIDR range. */
export function parseTrustedProxies(list: string): string[] {
  const entries = list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split("/");
    const family = net.isIP(address);
    const max = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max);
    if (!family || !prefixOk || extra !== undefined) throw new Error(entry);
  }
  return entries;
}

export function trustList(entries: readonly string[]): net.BlockList {
  const list = new net.BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split("/");
    const type = net.isIP(address) === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

function isTrusted(address: string, trusted: net.BlockList): boolean {
  const family = net.isIP(address);
  return family !== 0 && trusted.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** The client address for a connection from `peer` carrying `forwardedFor` (see the file comment). */
export function clientAddress(peer: string, forwardedFor: string | null, trusted: net.BlockList): string {
  let address = normaliseAddress(peer);
  if (!isTrusted(address, trusted) || !forwardedFor) return address;
  const hops = forwardedFor.split(",").map(normaliseAddress).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    address = hops[i].slice(0, 64);
    if (!isTrusted(address, trusted)) return address;
  }
  return address;
}
