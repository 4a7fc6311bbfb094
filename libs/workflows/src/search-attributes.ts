import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Typed keys for the custom search attributes registered by `a2v stack up`. */
export const A2V_SWEEP_ID = defineSearchAttributeKey('A2vSweepId', SearchAttributeType.KEYWORD);
export const A2V_SPACE = defineSearchAttributeKey('A2vSpace', SearchAttributeType.KEYWORD);
export const A2V_METHOD = defineSearchAttributeKey('A2vMethod', SearchAttributeType.KEYWORD);
export const A2V_SEED = defineSearchAttributeKey('A2vSeed', SearchAttributeType.INT);
export const A2V_STATUS = defineSearchAttributeKey('A2vStatus', SearchAttributeType.KEYWORD);
