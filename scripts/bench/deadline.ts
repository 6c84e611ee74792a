// Every step of a benchmark has a deadline: a step that misses it is reported and the run goes
// on, so a connection that neither becomes ready nor fails cannot leave the run waiting for ever.

/** A step did not finish in time; `what` names the step as the report shows it. */
export class MissedDeadline extends Error {
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what} (no result within ${formatMs(ms)})`);
    this.name = "MissedDeadline";
  }
}

export function formatMs(ms: number): string {
  return ms >= 60_000 ? `${+(ms / 60_000).toFixed(1)} min` : `${+(ms / 1000).toFixed(1)} s`;
}

/**
 * Settles as `promise` does, or rejects with MissedDeadline after `ms`. `onMiss` runs when the
 * deadline passes first, to release what the step holds (a socket, a listener).
 */
export function within<T>(
  ms: number,
  promise: Promise<T>,
  what: string,
  onMiss?: () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onMiss?.();
      reject(new MissedDeadline(what, ms));
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** What the report says about a step that did not finish. */
export function couldNotFinish(error: unknown): string {
  const reason =
    error instanceof MissedDeadline
      ? error.message
      : error instanceof Error
        ? error.message.split("\n")[0]!
        : String(error);
  return `could not finish: ${reason}`;
}
