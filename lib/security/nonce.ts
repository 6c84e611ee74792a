// The request's CSP nonce, for the root layout and anything that renders an inline <script> or
// <style> (next-themes' script takes it as its `nonce` prop). Next adds it to its own scripts.
import "server-only";
import { headers } from "next/headers";
import { NONCE_HEADER } from "./request-headers";

export async function getNonce(): Promise<string | undefined> {
  return (await headers()).get(NONCE_HEADER) ?? undefined;
}
