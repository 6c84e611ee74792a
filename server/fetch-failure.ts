// What a failed fetch to a team server or agent says, in words for a stored reason or a badge.

/** The network-level reason (ECONNREFUSED, ENOTFOUND, …), "no answer in time" for a timeout. */
export function describeFetchFailure(error: unknown): string {
  if (error instanceof DOMException && error.name === "TimeoutError") return "no answer in time";
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
}
