// Node only: the client's address of a request. The socket's peer, unless that peer is a proxy
// the operator named in CANDOR_TRUSTED_PROXIES: then the nearest address in X-Forwarded-For that
// is not itself a trusted proxy (proxy-addr, as Express's "trust proxy"). Without the setting, a
// client cannot claim any address by sending X-Forwarded-For; behind a proxy without it, every
// client shares the proxy's address and so its rate limits.
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import proxyaddr from 'proxy-addr';
import { plainAddress } from './client-address.ts';
import type { AppEnv } from './context.ts';

/**
 * Compiles CANDOR_TRUSTED_PROXIES (comma-separated addresses, CIDR ranges, or `loopback`,
 * `linklocal`, `uniquelocal`); throws naming the entry that is none of these.
 */
export function trustedProxies(setting: string | undefined): (address: string, hop: number) => boolean {
  const entries = (setting ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  try {
    return proxyaddr.compile(entries);
  } catch (error) {
    throw new Error(
      `not a list of addresses, CIDR ranges, loopback, linklocal or uniquelocal (${(error as Error).message})`,
    );
  }
}

/** The request's client address as seen through the trusted proxies ('unknown' without a socket). */
export function nodeClientAddress(
  trust: (address: string, hop: number) => boolean,
): (c: Context<AppEnv>) => string {
  return (c) => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    // Never the CF-Connecting-IP fallback: on Node any client could send that header.
    const peer = incoming?.socket?.remoteAddress;
    if (!peer) return 'unknown';
    // A forwarded value that is no address (junk a client put in the header before a proxy that
    // appends, or `ip:port`) must not become a bucket of its own: the port is dropped, and junk
    // counts as the proxy itself.
    return plainAddress(proxyaddr(incoming, trust)) ?? peer;
  };
}
