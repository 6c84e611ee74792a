// ELF team servers answer errors as FastAPI does, {"detail": "…"}; anything else is shown by its start.
export function elfErrorDetail(text: string): string {
  try {
    const detail = (JSON.parse(text) as { detail?: unknown }).detail;
    if (typeof detail === "string") return detail.slice(0, 500);
  } catch {
    // not JSON: the start of the body says enough
  }
  return text.slice(0, 200) || "(empty body)";
}
