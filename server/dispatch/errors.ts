// How a dispatch fails, in words for the subtask's stored reason, and whether to try again.

/** A dispatch that did not work: `summary` names what failed, `detail` why; retryable ones are tried again. */
export class DispatchError extends Error {
  override name = "DispatchError";
  constructor(
    readonly retryable: boolean,
    readonly summary: string,
    readonly detail: string,
  ) {
    super(`${summary}: ${detail}`);
  }
}

/** Throws the retryable reason when `signal` ended the wait: our time limit, or the dispatcher stopping. */
export function interruption(signal: AbortSignal, who: string, timeoutSeconds: number): void {
  if (signal.reason instanceof DOMException && signal.reason.name === "TimeoutError") {
    throw new DispatchError(
      true,
      `${who} did not answer`,
      `no answer within ${timeoutSeconds} seconds`,
    );
  }
  if (signal.aborted)
    throw new DispatchError(true, "dispatch interrupted", "the Control Center is stopping");
}
