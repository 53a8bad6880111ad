/**
 * Compares two strings in time that depends only on their length, not on where they first
 * differ, so a response time reveals nothing about a secret's prefix. Both sides here are
 * SHA-256 hex digests, whose length is public.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  if (left.byteLength !== right.byteLength) return false;
  let difference = 0;
  for (let index = 0; index < left.byteLength; index += 1) {
    difference |= (left[index] ?? 0) ^ (right[index] ?? 0);
  }
  return difference === 0;
}
