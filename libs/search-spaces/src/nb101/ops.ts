/**
 * NAS-Bench-101 operation names and the two orderings they appear in. Both orders matter and
 * differ: the official hash labels interior ops by their index in nasbench's `available_ops`,
 * while arch2vec's one-hot encoding uses its own order.
 */
export const NB101_INPUT = 'input';
export const NB101_OUTPUT = 'output';

/** nasbench `config['available_ops']`: the hash label of an interior op is its index here. */
export const NB101_INTERIOR_OPS = ['conv3x3-bn-relu', 'conv1x1-bn-relu', 'maxpool3x3'] as const;
export type Nb101InteriorOp = (typeof NB101_INTERIOR_OPS)[number];
export type Nb101Op = typeof NB101_INPUT | typeof NB101_OUTPUT | Nb101InteriorOp;

/** arch2vec `module_operations` one-hot column order (input:0, conv1x1:1, conv3x3:2, maxpool:3, output:4). */
export const NB101_ENCODING_OPS: readonly Nb101Op[] = ['input', 'conv1x1-bn-relu', 'conv3x3-bn-relu', 'maxpool3x3', 'output'];

export const NB101_MAX_VERTICES = 7;
export const NB101_MAX_EDGES = 9;

/** Hash labels of the official module hash: input -1, output -2, interior ops 0..2. */
export function nb101HashLabel(op: Nb101Op): number {
  if (op === NB101_INPUT) return -1;
  if (op === NB101_OUTPUT) return -2;
  return NB101_INTERIOR_OPS.indexOf(op);
}

export function isNb101InteriorOp(op: unknown): op is Nb101InteriorOp {
  return (NB101_INTERIOR_OPS as readonly unknown[]).includes(op);
}
