// The SSRF guard: a webhook URL is checked when it is saved and again before every delivery
// (DNS answers can change between the two). On Node the host name is resolved and every address
// it resolves to is checked. A Worker cannot resolve names, so there only IP literals and names
// that are local by definition are refused; Cloudflare's own network does not route a Worker's
// fetch to private addresses either.
import { addressVerdict, isIpLiteral } from './addresses.ts';

/** Every address a host name resolves to; rejects when it does not resolve. */
export type ResolveHost = (hostname: string) => Promise<string[]>;

export interface TargetPolicy {
  /** CANDOR_ALLOW_PRIVATE_WEBHOOKS: allow loopback and private targets (never cloud metadata). */
  allowPrivate: boolean;
  /** Absent where names cannot be resolved (Workers). */
  resolveHost?: ResolveHost | undefined;
}

export const STRICT_POLICY: TargetPolicy = { allowPrivate: false };

// Names that can only mean this machine or its local network, whatever a resolver says.
const LOCAL_NAMES = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;
const METADATA_NAMES = /^(metadata\.google\.internal|metadata|instance-data)$/i;

/** Why an address may not be connected to under the policy, or null when it may. */
export function addressProblem(address: string, policy: TargetPolicy): string | null {
  const verdict = addressVerdict(address);
  if (verdict === 'metadata') return `${address} is a cloud metadata address.`;
  if (verdict === 'private' && !policy.allowPrivate) {
    return `${address} is a loopback, private, link-local or otherwise non-public address.`;
  }
  return null;
}

/** Why the URL may not be used as a webhook target, or null when it may. */
export async function checkWebhookTarget(url: string, policy: TargetPolicy): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute http:// or https:// URL.';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return 'must be an absolute http:// or https:// URL.';
  }
  if (parsed.username || parsed.password) return 'must not contain a user name or password.';
  // The URL parser has already turned decimal, octal and hex IPv4 spellings into dotted quads.
  const host = parsed.hostname.replace(/\.$/, '');
  if (isIpLiteral(host)) return addressProblem(host.replace(/^\[|\]$/g, ''), policy);
  if (METADATA_NAMES.test(host)) return `${host} is a cloud metadata address.`;
  if (LOCAL_NAMES.test(host) && !policy.allowPrivate) return `${host} is a local host name.`;
  if (!policy.resolveHost) return null;
  let addresses: string[];
  try {
    addresses = await policy.resolveHost(host);
  } catch {
    return `${host} does not resolve.`;
  }
  if (addresses.length === 0) return `${host} does not resolve.`;
  for (const address of addresses) {
    const problem = addressProblem(address, policy);
    if (problem) return `${host} resolves to ${problem}`;
  }
  return null;
}
