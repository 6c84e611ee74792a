"use client";
// Copies a message or a code block to the clipboard and says so for a moment ("Copied").
import clsx from "clsx";
import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";

const SHOWN_MS = 1_500;

export function CopyButton({
  label,
  text,
  className,
}: {
  /** What is copied, for screen readers: "Copy message", "Copy code". */
  label: string;
  /** The text, or a function reading it when clicked (a code block reads its own DOM). */
  text: string | (() => string);
  className?: string;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [state]);

  return (
    <button
      type="button"
      aria-label={state === "copied" ? `${label}: copied` : label}
      title={label}
      onClick={() => {
        navigator.clipboard
          .writeText(typeof text === "function" ? text() : text)
          .then(() => setState("copied"))
          .catch(() => setState("failed"));
      }}
      className={clsx(
        "inline-flex min-h-6 min-w-6 items-center justify-center gap-1 rounded-md px-1 text-xs",
        className,
      )}
    >
      {state === "copied" ? (
        <Check aria-hidden className="size-3.5" />
      ) : (
        <Copy aria-hidden className="size-3.5" />
      )}
      <span aria-live="polite">
        {state === "copied" ? "Copied" : state === "failed" ? "Not copied" : ""}
      </span>
    </button>
  );
}
