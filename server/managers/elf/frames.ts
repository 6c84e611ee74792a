// Reading one WebSocket message from (or, on our team server, to) an ELF team server with the
// contract's schemas (lib/protocol/elf.ts). Never throws: what cannot be read comes back with the
// reason and the text that was sent, so it can be shown, logged and counted.
import type { RawData } from "ws";
import { z } from "zod";

export {
  clientFrameSchema,
  delegationSpecSchema,
  serverFrameSchema,
  type ClientFrame,
  type DelegationSpec,
  type ServerFrame,
  type ServerFrameInput,
} from "@/lib/protocol/elf";

export type FrameParse<T> = { ok: true; frame: T } | { ok: false; reason: string; text: string };

/** How much of an unreadable frame is kept for the log and the notice. */
export const FRAME_EXCERPT_CHARS = 300;

export function excerpt(text: string, max = FRAME_EXCERPT_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** What a frame that could not be read was, in a few words. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "frame"}: ${issue.message}`)
    .join("; ");
}

export function parseFrame<S extends z.ZodType>(
  schema: S,
  data: RawData,
  isBinary: boolean,
): FrameParse<z.infer<S>> {
  const bytes = Buffer.isBuffer(data)
    ? data
    : Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.from(data);
  if (isBinary) return { ok: false, reason: "binary frame", text: `<${bytes.length} bytes>` };
  const text = bytes.toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: "not JSON", text };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: describeIssues(parsed.error), text };
  return { ok: true, frame: parsed.data };
}
