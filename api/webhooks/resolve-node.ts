// Node only: host names resolved as the delivery's fetch will resolve them (the system resolver).
import { lookup } from 'node:dns/promises';
import type { ResolveHost } from './target-guard.ts';

export const resolveHostWithNode: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);
