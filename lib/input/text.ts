// Text that crosses a boundary: control characters (NUL above all — PostgreSQL refuses it in
// text, which used to surface as a 500) are refused anywhere in any input; names are NFC-normalised
// and may not carry the bidirectional or invisible characters that make one name look like another.
import { z } from "zod";

/** C0 controls except tab, line feed and carriage return; DEL; C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Bidi embeddings, overrides and isolates, marks, and zero-width characters. */
const DISGUISE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;
const LINE_BREAK = /[\t\n\r\u2028\u2029]/;

export const hasControlChars = (text: string): boolean => CONTROL.test(text);

/**
 * The path ("", "name", "draft.subtasks.0.title") of the first string — value or key — in `value`
 * that holds a control character, or null when there is none.
 */
export function findControlChars(value: unknown, path: string[] = [], depth = 0): string | null {
  if (typeof value === "string") return hasControlChars(value) ? path.join(".") : null;
  if (depth > 64 || value === null || typeof value !== "object") return null;
  for (const [key, item] of Object.entries(value)) {
    if (hasControlChars(key)) return [...path, "(key)"].join(".");
    const found = findControlChars(item, [...path, key], depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** A one-line name a person reads (a user's, a token's): NFC, trimmed, nothing hidden in it. */
export const nameSchema = (max: number, messages: { empty?: string; long?: string } = {}) =>
  z
    .string()
    .transform((value) => value.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .min(1, messages.empty ?? "Give a name.")
        .max(max, messages.long ?? `Names are at most ${max} characters.`)
        .refine((v) => !CONTROL.test(v) && !LINE_BREAK.test(v), "Names are one line of text.")
        .refine(
          (v) => !DISGUISE.test(v),
          "Names may not contain bidirectional or invisible formatting characters.",
        ),
    );
