"use client";
// Runs a server action in a transition and keeps what came of it, for <OutcomeMessage>: the
// success text the caller words, or the refusal's own message.
import { useState, useTransition } from "react";
import type { Ack } from "@/lib/protocol/ack";
import type { Outcome } from "./outcome-message";

export function useActionOutcome() {
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  function run<T>(call: () => Promise<Ack<T>>, success: (data: T) => string) {
    startTransition(async () => {
      const ack = await call();
      setOutcome(
        ack.ok
          ? { ok: true, message: success(ack.data) }
          : { ok: false, message: ack.error.message },
      );
    });
  }

  return { pending, outcome, setOutcome, run };
}
