/**
 * The official code's NB201 validity rule (utils.py L240-246), kept beside the space's own rules so
 * our numbers can be compared with Table 1: ops decoded by argmax, row 0 must be 'input', row N-1
 * 'output', rows 2..N-2 one of the five edge ops; the adjacency is not checked at all and, by the
 * code's off-by-one, neither is row 1. Uniqueness there hashes the decoded (adjacency, ops) pair.
 */
const NB201_INPUT = 0;

/** A key of the decoded graph when the reference would call it valid, else null. */
export function nb201ReferenceRuleKey(opsLogits: ArrayLike<number>, adjLogits: ArrayLike<number>, N: number, K: number): string | null {
  const ops: number[] = [];
  for (let i = 0; i < N; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (opsLogits[i * K + k] > opsLogits[i * K + best]) best = k;
    ops.push(best);
  }
  const output = K - 1;
  if (ops[0] !== NB201_INPUT || ops[N - 1] !== output) return null;
  for (let i = 2; i < N - 1; i++) if (ops[i] === NB201_INPUT || ops[i] === output) return null;
  let edges = '';
  for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) edges += adjLogits[i * N + j] > 0 ? '1' : '0';
  return `${ops.join('')}:${edges}`;
}
