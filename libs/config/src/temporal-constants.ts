/** Custom search attributes registered on the a2v namespace, so the Temporal UI can filter a sweep. */
export const SEARCH_ATTRIBUTES = {
  A2vSweepId: 'Keyword',
  A2vSpace: 'Keyword',
  A2vMethod: 'Keyword',
  A2vSeed: 'Int',
  A2vStatus: 'Keyword',
} as const;

/** Separate queues so GPU machines can serve only pretrain/embed and CPU machines only search. */
export const TASK_QUEUES = {
  control: 'a2v-control',
  pretrain: 'a2v-pretrain',
  embed: 'a2v-embed',
  search: 'a2v-search',
} as const;
