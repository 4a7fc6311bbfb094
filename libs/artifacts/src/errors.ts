/** Typed errors of @a2v/artifacts; `instanceof ArtifactError` catches all of them. */
export class ArtifactError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ArtifactNotFoundError extends ArtifactError {
  constructor(readonly uri: string) {
    super(`no artifact at ${uri}`);
  }
}

/** The stored bytes do not hash to the recorded sha256 (whole content, or one chunk when `chunk` is set). */
export class ArtifactChecksumError extends ArtifactError {
  constructor(
    readonly uri: string,
    readonly expected: string,
    readonly actual: string,
    readonly chunk?: number,
  ) {
    super(`artifact ${uri}${chunk === undefined ? '' : ` chunk ${chunk}`} is corrupt: sha256 ${actual}, expected ${expected}`);
  }
}

/** An artifact name or URI this store cannot use (wrong scheme, path escape, odd characters). */
export class InvalidArtifactNameError extends ArtifactError {}
