// Node only: the webhook POST made with node:http(s) and a DNS lookup that refuses what the SSRF
// guard refuses. The guard's own check resolves the name once; without this, the connection would
// resolve it again, and a DNS server answering a public address first and a private one second
// (DNS rebinding) would get past the check. Here the address connected to is the address checked.
import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { addressProblem, type TargetPolicy } from './target-guard.ts';

/** Every address of a name (the system resolver by default; a test may stand in for it). */
export type ResolveAll = (
  hostname: string,
  callback: (error: Error | null, addresses: LookupAddress[]) => void,
) => void;

const systemResolver: ResolveAll = (hostname, callback) => lookup(hostname, { all: true }, callback);

/** A lookup for net.connect that fails for any name with a refused address among its answers. */
export function guardedLookup(policy: TargetPolicy, resolveAll: ResolveAll = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolveAll(hostname, (error, addresses) => {
      const refused = error
        ? null
        : addresses.map((entry) => addressProblem(entry.address, policy)).find(Boolean);
      const failure = error ?? (refused ? Object.assign(new Error(refused), { code: 'EREFUSED' }) : null);
      if (failure || addresses.length === 0) {
        (callback as (error: Error, address: string, family: number) => void)(
          failure ?? new Error(`${hostname} does not resolve.`),
          '',
          0,
        );
        return;
      }
      if (options.all) (callback as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      else callback(null, addresses[0]?.address ?? '', addresses[0]?.family ?? 4);
    });
  };
}

function toResponse(message: IncomingMessage): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  // Only the status and headers matter to a webhook delivery; the body is not read.
  message.resume();
  return new Response(null, { status: message.statusCode ?? 502, headers });
}

/** A fetch for webhook deliveries (POST, no redirects followed) that connects only where allowed. */
export function guardedFetch(policy: TargetPolicy, resolveAll?: ResolveAll): typeof fetch {
  const guarded = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Response>((resolve, reject) => {
      const request = send(url, {
        method: init.method ?? 'GET',
        headers: Object.fromEntries(new Headers(init.headers).entries()),
        lookup: guardedLookup(policy, resolveAll),
        ...(init.signal ? { signal: init.signal } : {}),
      });
      request.once('response', (message) => resolve(toResponse(message)));
      request.once('error', (error) => reject(init.signal?.aborted ? init.signal.reason : error));
      request.end(typeof init.body === 'string' ? init.body : undefined);
    });
  };
  return guarded as typeof fetch;
}
