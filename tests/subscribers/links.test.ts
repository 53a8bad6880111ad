import { describe, expect, it } from 'vitest';
import { confirmUrl, subscriberLinks, verifySubscriberToken } from '../../api/subscribers/links.ts';
import { createTestDatabase } from '../support/database.ts';

const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? '';

describe('subscriber links', () => {
  it('signs manage and unsubscribe links that verify for their subscriber only', async () => {
    const { db } = await createTestDatabase();
    const links = await subscriberLinks(db, 'sub_abc123', 'https://status.example.com/');
    expect(links.manage).toMatch(/^https:\/\/status\.example\.com\/subscribe\/manage\?token=/);
    expect(links.unsubscribe).toMatch(/^https:\/\/status\.example\.com\/unsubscribe\?token=/);
    expect(await verifySubscriberToken(db, 'manage', tokenOf(links.manage))).toBe('sub_abc123');
    expect(await verifySubscriberToken(db, 'unsubscribe', tokenOf(links.unsubscribe))).toBe('sub_abc123');
  });

  it('refuses an altered, truncated or re-targeted token', async () => {
    const { db } = await createTestDatabase();
    const token = tokenOf((await subscriberLinks(db, 'sub_abc123', 'https://x.test')).unsubscribe);
    const [purpose, , signature] = token.split('.');
    expect(await verifySubscriberToken(db, 'unsubscribe', `${purpose}.sub_other.${signature}`)).toBeNull();
    expect(await verifySubscriberToken(db, 'unsubscribe', token.slice(0, -2))).toBeNull();
    expect(await verifySubscriberToken(db, 'unsubscribe', `${token}x`)).toBeNull();
    expect(await verifySubscriberToken(db, 'unsubscribe', 'garbage')).toBeNull();
    expect(await verifySubscriberToken(db, 'unsubscribe', 'unsubscribe.sub_abc123.%%%')).toBeNull();
  });

  it('does not let an unsubscribe token open the manage page', async () => {
    const { db } = await createTestDatabase();
    const links = await subscriberLinks(db, 'sub_abc123', 'https://x.test');
    expect(await verifySubscriberToken(db, 'manage', tokenOf(links.unsubscribe))).toBeNull();
  });

  it('refuses a token signed by another installation', async () => {
    const { db } = await createTestDatabase();
    const { db: other } = await createTestDatabase();
    const foreign = tokenOf((await subscriberLinks(other, 'sub_abc123', 'https://x.test')).manage);
    expect(await verifySubscriberToken(db, 'manage', foreign)).toBeNull();
  });

  it('builds the confirmation link with the token escaped', () => {
    expect(confirmUrl('https://x.test/', 'a+b/c')).toBe('https://x.test/subscribe/confirm?token=a%2Bb%2Fc');
  });
});
