/**
 * Errors that cross the public boundary. Each carries a `fix` so that the CLI
 * can print what was wrong and what to do about it in one message.
 */
export class OttoflowError extends Error {
  /** What was wrong, without the fix (`message` holds both, for plain Error consumers). */
  readonly reason: string;
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(fix ? `${message}\n  fix: ${fix}` : message);
    this.name = new.target.name;
    this.reason = message;
  }
}

/** Invalid configuration, CLI input or API arguments. */
export class ConfigError extends OttoflowError {}

/**
 * A numerical precondition that does not hold (e.g. a matrix that is not positive definite).
 * `retryable: false` says that retrying the same step cannot help (it is the step's length that
 * is wrong, e.g. an extrapolated map that folds): flow() then ends the run at once.
 */
export class NumericalError extends OttoflowError {
  constructor(
    message: string,
    fix?: string,
    readonly retryable = true,
  ) {
    super(message, fix);
  }
}

/** A file or directory that cannot be read, written or replaced; names the path. */
export class IoError extends OttoflowError {
  constructor(
    readonly path: string,
    message: string,
    fix?: string,
  ) {
    super(message, fix);
  }
}

/** A size (memory, disk, entries) beyond what the run or input is allowed, refused before the work. */
export class LimitError extends OttoflowError {}
