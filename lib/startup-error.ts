/**
 * A reason the Control Center cannot start, written for the person starting it: printed as it is
 * (no stack, no JSON), then the process exits with code 1.
 */
export class StartupError extends Error {
  override name = "StartupError";
}
