// Who a request comes from, for rate limits on public endpoints. The address comes from the
// platform (api/context.ts, clientAddress); here it becomes a key that a client cannot multiply
// cheaply: an IPv6 client usually holds a whole /64, so one is counted per /64, not per address.
import ipaddr from 'ipaddr.js';

/** The rate-limit key of an address: IPv4 as is (also when IPv4-mapped), IPv6 by its /64. */
export function rateLimitKey(address: string): string {
  if (!ipaddr.isValid(address)) return address; // 'unknown', say: one shared bucket
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`;
}

/**
 * An address as some proxies forward it (`203.0.113.9:5555`, `[2001:db8::1]:443`) without its
 * port; undefined when it is no IP address at all (whatever a client wrote in the header).
 */
export function plainAddress(forwarded: string): string | undefined {
  const value = forwarded.trim();
  if (ipaddr.isValid(value)) return value;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value)?.[1];
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value)?.[1];
  const candidate = bracketed ?? withPort;
  return candidate !== undefined && ipaddr.isValid(candidate) ? candidate : undefined;
}
