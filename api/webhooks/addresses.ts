// Which IP addresses a webhook may reach. Pure functions over address text, so the rules are the
// same on Node and Workers and can be tested without a network.

/** Why an address is refused, or null when it is a public unicast address. */
export type AddressVerdict = 'metadata' | 'private' | null;

/** The four octets of a dotted-quad IPv4 address, or null for anything else. */
export function parseIpv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const octets = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : Number.NaN));
  return octets.every((octet) => octet >= 0 && octet <= 255) ? octets : null;
}

/** The eight 16-bit groups of an IPv6 address (brackets, zone and embedded IPv4 allowed), or null. */
export function parseIpv6(input: string): number[] | null {
  let text = input.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!text.includes(':')) return null;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail?.[1]) {
    const v4 = parseIpv4(tail[1]);
    if (!v4) return null;
    text = `${text.slice(0, -tail[1].length)}${((v4[0] ?? 0) * 256 + (v4[1] ?? 0)).toString(16)}:${((v4[2] ?? 0) * 256 + (v4[3] ?? 0)).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const toGroups = (part: string | undefined) => (part ? part.split(':') : []);
  const head = toGroups(halves[0]);
  const rest = toGroups(halves[1]);
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (groups.some((group) => !/^[0-9a-f]{1,4}$/i.test(group))) return null;
  return groups.map((group) => Number.parseInt(group, 16));
}

const inV4 = (octets: number[], prefix: number[], bits: number): boolean => {
  const value = octets.reduce((sum, octet) => sum * 256 + octet, 0);
  const base = prefix.reduce((sum, octet) => sum * 256 + octet, 0);
  const size = 2 ** (32 - bits);
  return Math.floor(value / size) === Math.floor(base / size);
};

// Not reachable on the public internet, or not unicast: a webhook has no business there.
const BLOCKED_V4: [number[], number][] = [
  [[0, 0, 0, 0], 8], // "this network", 0.0.0.0 reaches the local host on Linux
  [[10, 0, 0, 0], 8],
  [[100, 64, 0, 0], 10], // carrier-grade NAT
  [[127, 0, 0, 0], 8],
  [[169, 254, 0, 0], 16], // link-local
  [[172, 16, 0, 0], 12],
  [[192, 0, 0, 0], 24], // IETF protocol assignments
  [[192, 168, 0, 0], 16],
  [[198, 18, 0, 0], 15], // benchmarking
  [[224, 0, 0, 0], 4], // multicast
  [[240, 0, 0, 0], 4], // reserved and broadcast
];

function ipv4Verdict(octets: number[]): AddressVerdict {
  if (octets.join('.') === '169.254.169.254') return 'metadata';
  return BLOCKED_V4.some(([prefix, bits]) => inV4(octets, prefix, bits)) ? 'private' : null;
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
function embeddedIpv4(groups: number[]): number[] | null {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const octets = (high: number, low: number) => [high >> 8, high & 255, low >> 8, low & 255];
  const zeroHead = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (zeroHead && (g5 === 0xffff || g5 === 0)) return octets(g6, g7); // ::ffff:a.b.c.d, ::a.b.c.d
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0xffff && g5 === 0) return octets(g6, g7); // ::ffff:0:a.b.c.d
  if (g0 === 0x64 && g1 === 0xff9b) return octets(g6, g7); // NAT64 64:ff9b::/96 and 64:ff9b:1::/48
  if (g0 === 0x2002) return octets(g1, g2); // 6to4
  return null;
}

function ipv6Verdict(groups: number[]): AddressVerdict {
  const [g0 = 0] = groups;
  // AWS's IPv6 metadata endpoint, fd00:ec2::254.
  if (groups.join(':') === [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254].join(':')) return 'metadata';
  const v4 = embeddedIpv4(groups);
  if (v4) {
    // :: and ::1 are themselves embedded-looking; both are refused as 0.0.0.0/8 is.
    return ipv4Verdict(v4);
  }
  if ((g0 & 0xfe00) === 0xfc00) return 'private'; // unique-local fc00::/7
  if ((g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0) return 'private'; // link-local, site-local
  if ((g0 & 0xff00) === 0xff00) return 'private'; // multicast
  if (g0 === 0x2001 && groups[1] === 0xdb8) return 'private'; // documentation
  return null;
}

/** The verdict for an IP address in any textual form; null also for text that is not an address. */
export function addressVerdict(address: string): AddressVerdict {
  const v4 = parseIpv4(address);
  if (v4) return ipv4Verdict(v4);
  const v6 = parseIpv6(address);
  return v6 ? ipv6Verdict(v6) : null;
}

/** Whether the text is an IP literal (as URL hostnames give them: dotted quad or bracketed IPv6). */
export function isIpLiteral(host: string): boolean {
  return parseIpv4(host) !== null || parseIpv6(host) !== null;
}
