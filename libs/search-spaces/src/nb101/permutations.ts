/**
 * Permutations of a cell's interior vertices. Input (0) and output (n-1) carry unique labels, so
 * every isomorphism between cells fixes them; at most 5! = 120 permutations remain.
 */
const cache = new Map<number, Uint8Array[]>();

/** All permutations p of 0..n-1 with p[0] = 0 and p[n-1] = n-1; index 0 is the identity. */
export function interiorPermutations(n: number): Uint8Array[] {
  let perms = cache.get(n);
  if (!perms) {
    perms = [];
    const interior = Array.from({ length: Math.max(0, n - 2) }, (_, k) => k + 1);
    for (const order of permute(interior)) perms.push(Uint8Array.from(n < 2 ? [0].slice(0, n) : [0, ...order, n - 1]));
    cache.set(n, perms);
  }
  return perms;
}

/** Lexicographic order, so the identity comes first. */
function permute(items: number[]): number[][] {
  if (items.length <= 1) return [items.slice()];
  const out: number[][] = [];
  for (let k = 0; k < items.length; k++) {
    const rest = [...items.slice(0, k), ...items.slice(k + 1)];
    for (const tail of permute(rest)) out.push([items[k], ...tail]);
  }
  return out;
}
