/**
 * @module Domain errors the HTTP layer maps to statuses; runtime-neutral.
 */

/** The index cannot serve (missing, or built by another embedder); says what to run. */
export class IndexNotReadyError extends Error {
  override readonly name = "IndexNotReadyError";
  constructor(
    readonly reason: string,
    readonly action: string,
  ) {
    super(`${reason} ${action}`);
  }
}
