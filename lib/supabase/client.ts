// The supabase-js client of the server (never imported by the browser bundle). On Node 20
// supabase-js builds its realtime client up front and needs `ws` as its WebSocket.
import "server-only";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import WebSocket from "ws";
import type { SupabaseConfig } from "./config";

/** A request to the project that takes longer than this counts as the project being unreachable. */
const REQUEST_TIMEOUT_MS = 10_000;

function fetchWithTimeout(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  return fetch(input, { ...init, signal });
}

export function createSupabaseClient(config: Pick<SupabaseConfig, "url" | "key">): SupabaseClient {
  return createClient(config.url, config.key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never },
    global: { fetch: fetchWithTimeout, headers: { "x-client-info": "elf-control-center" } },
  });
}
