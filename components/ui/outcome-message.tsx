import { ERROR, SUCCESS } from "./form-styles";

export interface Outcome {
  ok: boolean;
  message: string;
}

/** What came of the last action: a status when it worked, an alert (read out at once) when not. */
export function OutcomeMessage({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return null;
  return (
    <p role={outcome.ok ? "status" : "alert"} className={outcome.ok ? SUCCESS : ERROR}>
      {outcome.message}
    </p>
  );
}
