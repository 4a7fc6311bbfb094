/**
 * Pre-trains one space and prints the Table-1 metrics as JSON.
 *   npx tsx libs/model/src/pretrain-cli.ts --space nasbench201 --mode vae [--epochs 10] [--subset 20000] [--checkpoint path]
 */
import { parseArgs } from 'node:util';
import { initBackend, pretrain, type SpaceName, type TrainingMode } from './index.js';

const { values } = parseArgs({
  options: {
    space: { type: 'string', default: 'nasbench201' },
    mode: { type: 'string' },
    epochs: { type: 'string' },
    subset: { type: 'string' },
    seed: { type: 'string' },
    checkpoint: { type: 'string' },
    samples: { type: 'string', default: '10000' },
  },
});
const backend = await initBackend();
const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
const result = pretrain({
  space: values.space as SpaceName,
  config: {
    ...(values.mode ? { mode: values.mode as TrainingMode } : {}),
    ...(values.epochs ? { epochs: num(values.epochs) } : {}),
    ...(values.subset ? { subset: num(values.subset) } : {}),
    ...(values.seed ? { seed: num(values.seed) } : {}),
  },
  checkpointPath: values.checkpoint,
  samples: num(values.samples),
  onEpoch: (e) => console.error(`epoch ${e.epoch + 1} ${e.phase} mean loss ${e.meanLoss.toFixed(5)} in ${e.seconds.toFixed(1)} s`),
});
console.log(
  JSON.stringify(
    {
      backend: backend.choice,
      space: result.config.model.space,
      mode: result.config.mode,
      epochs: result.config.epochs,
      graphs: result.state.datasetCount,
      trainSeconds: Math.round(result.trainSeconds),
      finalLoss: result.state.losses.at(-1),
      heldOut: result.heldOut,
      prior: result.prior,
      checkpointSha256: result.checkpointSha256,
    },
    null,
    2,
  ),
);
