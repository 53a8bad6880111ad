import { describe, expect, it } from 'vitest';
import { addressVerdict, parseIpv6 } from '../../api/webhooks/addresses.ts';
import { resolveHostWithNode } from '../../api/webhooks/resolve-node.ts';
import { checkWebhookTarget, type TargetPolicy } from '../../api/webhooks/target-guard.ts';

const strict: TargetPolicy = { allowPrivate: false };
const permissive: TargetPolicy = { allowPrivate: true };
const resolvingTo =
  (...addresses: string[]): TargetPolicy['resolveHost'] =>
  async () =>
    addresses;

describe('addressVerdict', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.1',
    '100.64.0.1',
    '100.127.255.254',
    '169.254.1.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fe80::1%eth0',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:0:a00:1',
    '64:ff9b::a00:1',
    '2002:c0a8:101::1',
  ])('calls %s private', (address) => {
    expect(addressVerdict(address)).toBe('private');
  });

  it.each([
    '169.254.169.254',
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '[::ffff:a9fe:a9fe]',
    '64:ff9b::a9fe:a9fe',
    'fd00:ec2::254',
  ])('calls %s the cloud metadata address', (address) => {
    expect(addressVerdict(address)).toBe('metadata');
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    'lets the public address %s through',
    (address) => {
      expect(addressVerdict(address)).toBeNull();
    },
  );

  it('parses compressed IPv6 forms exactly', () => {
    expect(parseIpv6('1::')).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIpv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
    expect(parseIpv6('1:2:3:4:5:6:7:8:9')).toBeNull();
    expect(parseIpv6('1::2::3')).toBeNull();
  });
});

describe('checkWebhookTarget', () => {
  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://2852039166/',
    'http://0251.0376.0251.0376/',
    'http://0xa9fea9fe/',
    'http://169.254.169.254./',
    'http://[::ffff:169.254.169.254]/',
    'http://[::ffff:0:a9fe:a9fe]/',
    'http://metadata.google.internal/',
  ])('refuses the metadata address %s even when private targets are allowed', async (url) => {
    expect(await checkWebhookTarget(url, permissive)).toMatch(/metadata/);
  });

  it('refuses a name resolving to the metadata address even when private targets are allowed', async () => {
    const policy = { ...permissive, resolveHost: resolvingTo('169.254.169.254') };
    expect(await checkWebhookTarget('https://sneaky.example/', policy)).toMatch(/metadata/);
  });

  it('refuses a name when any of its addresses is private', async () => {
    const policy = { ...strict, resolveHost: resolvingTo('93.184.215.14', '10.0.0.7') };
    expect(await checkWebhookTarget('https://rebind.example/', policy)).toMatch(/resolves to 10\.0\.0\.7/);
  });

  it('accepts a name resolving to public addresses only', async () => {
    const policy = { ...strict, resolveHost: resolvingTo('93.184.215.14', '2606:4700::1111') };
    expect(await checkWebhookTarget('https://hooks.example/x', policy)).toBeNull();
  });

  it('refuses a name that does not resolve', async () => {
    const policy: TargetPolicy = {
      ...strict,
      resolveHost: async () => {
        throw new Error('ENOTFOUND');
      },
    };
    expect(await checkWebhookTarget('https://nowhere.example/', policy)).toMatch(/does not resolve/);
  });

  it('allows loopback and private targets with CANDOR_ALLOW_PRIVATE_WEBHOOKS', async () => {
    expect(await checkWebhookTarget('http://127.0.0.1:9999/', permissive)).toBeNull();
    expect(await checkWebhookTarget('http://localhost:9999/', permissive)).toBeNull();
    expect(await checkWebhookTarget('http://127.0.0.1:9999/', strict)).toMatch(/loopback/);
  });

  it.each(['http://localhost/', 'http://api.localhost/', 'http://printer.local/', 'http://db.internal/'])(
    'refuses the local name %s without resolving it',
    async (url) => {
      expect(await checkWebhookTarget(url, strict)).toMatch(/local host name/);
    },
  );

  it.each(['ftp://93.184.215.14/', 'javascript:alert(1)', 'not a url', 'https://u:p@93.184.215.14/'])(
    'refuses %s',
    async (url) => {
      expect(await checkWebhookTarget(url, permissive)).not.toBeNull();
    },
  );
});

describe('resolveHostWithNode', () => {
  it('gives every address of a name, so that a loopback answer is refused', async () => {
    const policy = { allowPrivate: false, resolveHost: resolveHostWithNode };
    expect(await resolveHostWithNode('localhost')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(127\.|::1)/)]),
    );
    expect(await checkWebhookTarget('http://127.0.0.1.nip.invalid/', policy)).toMatch(/does not resolve/);
  });
});
