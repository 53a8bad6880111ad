// Who a request comes from, for the public endpoints' rate limits, on the real Node server: the
// socket's peer, unless it is a proxy named in CANDOR_TRUSTED_PROXIES; IPv6 counted per /64.
import { afterEach, describe, expect, it } from 'vitest';
import { plainAddress, rateLimitKey } from '../../api/client-address.ts';
import { readNodeConfig } from '../../api/env.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function server(env: Record<string, string> = {}): Promise<TestServer> {
  const started = await startTestServer({ CANDOR_DEMO: '0', ...env });
  servers.push(started);
  return started;
}

// A subscribe request as a browser behind (or claiming to be behind) a proxy sends it.
async function subscribe(target: TestServer, n: number, forwardedFor?: string): Promise<number> {
  const response = await fetch(`${target.url}/api/subscribe`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {}),
    },
    body: JSON.stringify({ email: `reader${n}@example.com` }),
  });
  await response.arrayBuffer();
  return response.status;
}

async function burst(target: TestServer, from: number, count: number, forwardedFor?: string) {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push(await subscribe(target, from + i, forwardedFor));
  return statuses;
}

describe('client addresses for rate limits', () => {
  it('ignores X-Forwarded-For unless the peer is a trusted proxy: a client cannot claim a fresh address', async () => {
    const target = await server();
    const statuses = await burst(target, 0, 31, undefined);
    expect(statuses.slice(0, 30).every((status) => status === 202)).toBe(true);
    expect(statuses[30]).toBe(429);
    // The same socket, now claiming another address: still the same client.
    expect(await subscribe(target, 100, '203.0.113.50')).toBe(429);
  }, 60_000);

  it('believes a trusted proxy: each forwarded client has its own limit', async () => {
    const target = await server({ CANDOR_TRUSTED_PROXIES: 'loopback' });
    const statuses = await burst(target, 0, 31, '203.0.113.10');
    expect(statuses.slice(0, 30).every((status) => status === 202)).toBe(true);
    expect(statuses[30]).toBe(429);
    // Another client behind the same proxy is not held back by the first one's burst.
    expect(await subscribe(target, 100, '203.0.113.11')).toBe(202);
    // A client's own X-Forwarded-For entry, left of the address the proxy saw, changes nothing:
    // the nearest untrusted address is the client.
    expect(await subscribe(target, 101, '198.51.100.1, 203.0.113.10')).toBe(429);
    // IPv6 clients by their /64: another address in the same /64 is the same client.
    await burst(target, 200, 30, '2001:db8:1:2::a');
    expect(await subscribe(target, 300, '2001:db8:1:2:ffff::b')).toBe(429);
    expect(await subscribe(target, 301, '2001:db8:1:3::a')).toBe(202);
    // Junk in the header is no new client each time: it counts as the proxy.
    const junk: number[] = [];
    for (let i = 0; i < 31; i++) junk.push(await subscribe(target, 400 + i, `junk-${i}`));
    expect(junk.slice(0, 30).every((status) => status === 202)).toBe(true);
    expect(junk[30]).toBe(429);
  }, 60_000);
});

describe('plainAddress', () => {
  it('drops the port some proxies forward, and refuses what is no address', () => {
    expect(plainAddress('203.0.113.9')).toBe('203.0.113.9');
    expect(plainAddress('203.0.113.9:5555')).toBe('203.0.113.9');
    expect(plainAddress('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(plainAddress('2001:db8::1')).toBe('2001:db8::1');
    expect(plainAddress('garbage')).toBeUndefined();
    expect(plainAddress('1.2.3.4 5.6.7.8')).toBeUndefined();
    expect(plainAddress('')).toBeUndefined();
  });
});

describe('rateLimitKey', () => {
  it('keeps IPv4 (also IPv4-mapped), folds IPv6 to its /64, and leaves anything else alone', () => {
    expect(rateLimitKey('203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('2001:db8:1:2::1')).toBe(rateLimitKey('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(rateLimitKey('2001:db8:1:3::1')).not.toBe(rateLimitKey('2001:db8:1:2::1'));
    expect(rateLimitKey('unknown')).toBe('unknown');
  });
});

describe('CANDOR_TRUSTED_PROXIES', () => {
  it('takes addresses, CIDR ranges and the names loopback, linklocal, uniquelocal', () => {
    const config = readNodeConfig({ CANDOR_TRUSTED_PROXIES: 'loopback, 10.0.0.0/8, 192.0.2.1, uniquelocal' });
    expect(config.trustedProxies).toBe('loopback, 10.0.0.0/8, 192.0.2.1, uniquelocal');
  });

  it('refuses anything else, naming the setting', () => {
    expect(() => readNodeConfig({ CANDOR_TRUSTED_PROXIES: 'loopback, proxy.example.com' })).toThrow(
      /CANDOR_TRUSTED_PROXIES: not a list of addresses/,
    );
  });
});
