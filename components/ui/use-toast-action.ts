"use client";
// Runs a server action in a transition and says what came of it in a toast: the success text the
// caller words, or the refusal's own message. For row actions, whose outcome has no place of its own.
import { useTransition } from "react";
import { toast } from "sonner";
import type { Ack } from "@/lib/protocol/ack";

export function useToastAction() {
  const [pending, startTransition] = useTransition();

  function run<T>(call: () => Promise<Ack<T>>, success: (data: T) => string, then?: () => void) {
    startTransition(async () => {
      const ack = await call();
      if (ack.ok) toast.success(success(ack.data));
      else toast.error(ack.error.message);
      then?.();
    });
  }

  return { pending, run };
}
