const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export type IdPrefix =
  | 'page'
  | 'grp'
  | 'cmp'
  | 'csc'
  | 'inc'
  | 'upd'
  | 'tok'
  | 'bld'
  | 'obx'
  | 'whk'
  | 'whd'
  | 'sub'
  | 'dlv'
  | 'mnt'
  | 'mup'
  | 'pm'
  | 'tpl'
  | 'mem';

/** A prefixed random id such as `cmp_3k9x…` (20 base-36 characters, about 103 bits). */
export function newId(prefix: IdPrefix): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  let suffix = '';
  for (const byte of bytes) suffix += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${suffix}`;
}

/** The one timestamp format stored and served: ISO-8601 UTC with milliseconds. */
export function isoNow(clock: () => Date = () => new Date()): string {
  return clock().toISOString();
}
