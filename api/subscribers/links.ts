import type { Client } from '@libsql/client';
import { getOrCreateSigningKey } from '../../db/queries/signing-keys.ts';

// Manage and unsubscribe links carry `<purpose>.<subscriber id>.<HMAC>`: nothing is stored per
// link, a link works for as long as the subscriber exists, and a forged or altered one fails
// verification (HMAC compared by Web Crypto, in constant time).

export type LinkPurpose = 'manage' | 'unsubscribe';

const KEY_PURPOSE = 'subscriber_links';

const toBase64Url = (bytes: ArrayBuffer): string =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}

async function hmacKey(db: Client): Promise<CryptoKey> {
  const secret = await getOrCreateSigningKey(db, KEY_PURPOSE, new Date().toISOString());
  return crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
}

async function signWith(key: CryptoKey, purpose: LinkPurpose, subscriberId: string): Promise<string> {
  const message = new TextEncoder().encode(`${purpose}.${subscriberId}`);
  const signature = await crypto.subtle.sign('HMAC', key, message);
  return `${purpose}.${subscriberId}.${toBase64Url(signature)}`;
}

/** A signed token letting its holder manage (or unsubscribe) one subscription. */
export async function signSubscriberToken(
  db: Client,
  purpose: LinkPurpose,
  subscriberId: string,
): Promise<string> {
  return signWith(await hmacKey(db), purpose, subscriberId);
}

/**
 * The subscriber id a token was signed for, or null when it is malformed, of another purpose or
 * not signed by this installation. A manage token also unsubscribes (the manage page can), but an
 * unsubscribe token does not open the manage page.
 */
export async function verifySubscriberToken(
  db: Client,
  purpose: LinkPurpose,
  token: string,
): Promise<string | null> {
  const [tokenPurpose, subscriberId, signatureText, ...rest] = token.split('.');
  if (rest.length > 0 || !subscriberId || !signatureText || !/^sub_[a-z0-9]+$/.test(subscriberId))
    return null;
  if (tokenPurpose !== purpose && !(purpose === 'unsubscribe' && tokenPurpose === 'manage')) return null;
  const signature = fromBase64Url(signatureText);
  if (!signature) return null;
  const message = new TextEncoder().encode(`${tokenPurpose}.${subscriberId}`);
  return (await crypto.subtle.verify('HMAC', await hmacKey(db), signature, message)) ? subscriberId : null;
}

export interface Links {
  manage: string;
  unsubscribe: string;
}

/**
 * Makes the links of many subscribers with one read and one import of the signing key: a batch
 * of 100 emails needs 200 signatures, and each read and import costs more than the signature.
 */
export async function subscriberLinkSigner(
  db: Client,
  origin: string,
): Promise<(subscriberId: string) => Promise<Links>> {
  const key = await hmacKey(db);
  const base = origin.replace(/\/+$/, '');
  return async (subscriberId) => {
    const manage = await signWith(key, 'manage', subscriberId);
    const unsubscribe = await signWith(key, 'unsubscribe', subscriberId);
    return {
      manage: `${base}/subscribe/manage?token=${encodeURIComponent(manage)}`,
      unsubscribe: `${base}/unsubscribe?token=${encodeURIComponent(unsubscribe)}`,
    };
  };
}

/** The manage and one-click unsubscribe links of a subscriber, on the API's origin. */
export async function subscriberLinks(db: Client, subscriberId: string, origin: string): Promise<Links> {
  return (await subscriberLinkSigner(db, origin))(subscriberId);
}

/** The confirmation link for a raw confirmation token, on the API's origin. */
export function confirmUrl(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}/subscribe/confirm?token=${encodeURIComponent(token)}`;
}
