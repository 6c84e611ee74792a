"use client";
// A fenced code block in a reply, with a button that copies exactly its text.
import { useRef, type ComponentProps } from "react";
import { CopyButton } from "./copy-button";

export function CodeBlock(props: ComponentProps<"pre">) {
  const pre = useRef<HTMLPreElement>(null);
  return (
    <div className="relative">
      <pre ref={pre} {...props} />
      <CopyButton
        label="Copy code"
        text={() => pre.current?.innerText ?? ""}
        className="absolute top-1.5 right-1.5 bg-zinc-800 text-zinc-100 hover:bg-zinc-700"
      />
    </div>
  );
}
