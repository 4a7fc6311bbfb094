/**
 * Typed errors of @a2v/model. Every failure a caller may branch on (resume from the wrong checkpoint,
 * a corrupt file, a diverged run) has its own class; `instanceof ModelError` catches them all.
 */
export class ModelError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A model or training option is out of range or inconsistent. */
export class ModelConfigError extends ModelError {}

/** The checkpoint's bytes do not match its recorded sha256, or its framing is broken. */
export class CheckpointCorruptError extends ModelError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`checkpoint ${path} is corrupt: ${reason}`);
  }
}

/** The checkpoint was written for another search space or another model/training configuration. */
export class CheckpointMismatchError extends ModelError {
  constructor(
    readonly path: string,
    readonly field: string,
    readonly expected: unknown,
    readonly found: unknown,
  ) {
    super(`checkpoint ${path} does not belong to this run: ${field} is ${JSON.stringify(found)}, expected ${JSON.stringify(expected)}`);
  }
}

/** The loss became NaN or infinite; the step was not applied and no checkpoint was written from it. */
export class NonFiniteLossError extends ModelError {
  constructor(
    readonly epoch: number,
    readonly step: number,
    readonly loss: number,
    readonly lastCheckpoint: string | undefined,
  ) {
    super(`loss is ${loss} at epoch ${epoch} step ${step}; run stopped${lastCheckpoint ? `, last good checkpoint ${lastCheckpoint}` : ' (no checkpoint written yet)'}`);
  }
}

/** An embedding-set file is malformed or fails its checksum. */
export class EmbeddingSetError extends ModelError {}

/** No requested tfjs backend could be initialised. */
export class BackendUnavailableError extends ModelError {}
