import { describe, expect, it } from "vitest";
import { findControlChars, nameSchema } from "./text";

describe("findControlChars", () => {
  it("finds NUL and other controls in values and keys, at any depth", () => {
    expect(findControlChars({ a: "fine\ttext\r\n" })).toBeNull();
    expect(findControlChars("a\u0000b")).toBe("");
    expect(findControlChars({ draft: { subtasks: [{ title: "x\u001b[2J" }] } })).toBe(
      "draft.subtasks.0.title",
    );
    expect(findControlChars({ "k\u0000": 1 })).toBe("(key)");
    expect(findControlChars({ n: 1, b: true, z: null })).toBeNull();
  });
});

describe("nameSchema", () => {
  const name = nameSchema(20);
  it("normalises to NFC and trims", () => {
    expect(name.parse("  Zoe\u0301 ")).toBe("Zoé");
  });
  it("refuses bidi overrides, zero-width characters, controls and line breaks", () => {
    for (const bad of ["adm\u202Enimda", "ad\u200Bmin", "a\u2066b", "a\u0000", "a\nb", "   "])
      expect(name.safeParse(bad).success).toBe(false);
  });
  it("keeps the length limit", () => {
    expect(name.safeParse("x".repeat(21)).success).toBe(false);
  });
});
