/**
 * @module The one error a chat model throws. Its `kind` decides what happens next: `aborted`
 * means the caller gave up (answer nothing), every other kind means "fall back to the offline
 * answerer" with the message logged.
 */

/** Why a chat model call failed. */
export type ChatModelErrorKind =
  /** The caller's signal aborted the call. */
  | "aborted"
  /** No response, or no further streamed text, within the time limit. */
  | "timeout"
  /** The endpoint could not be reached, or the connection dropped. */
  | "connection"
  /** The endpoint answered with an error status. */
  | "http"
  /** The response is not a chat completion: garbage, wrong shape, a stream that broke off. */
  | "invalid_response"
  /** The completion arrived but its text is unusable for the task (e.g. a multi-line rewrite). */
  | "invalid_output";

/** A chat model call failed; the message names the endpoint and what to check. */
export class ChatModelError extends Error {
  override readonly name = "ChatModelError";
  readonly kind: ChatModelErrorKind;
  /** The HTTP status, for `http` errors. */
  readonly status: number | undefined;

  constructor(
    message: string,
    options: { kind: ChatModelErrorKind; status?: number | undefined; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.kind = options.kind;
    this.status = options.status;
  }
}
