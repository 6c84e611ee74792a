"use client";

// The teams a subtask can go to: the active ones, fetched once when the plan is first edited.
import { useEffect, useState } from "react";
import { z } from "zod";

const activeTeamsSchema = z.array(z.object({ name: z.string(), display_name: z.string() }).loose());

export interface TeamOption {
  slug: string;
  displayName: string;
}

export type ActiveTeams =
  | { state: "loading" }
  | { state: "ready"; teams: TeamOption[] }
  | { state: "failed"; message: string };

export function useActiveTeams(isWanted: boolean): ActiveTeams {
  const [teams, setTeams] = useState<ActiveTeams>({ state: "loading" });
  const shouldFetch = isWanted && teams.state === "loading";
  useEffect(() => {
    if (!shouldFetch) return;
    const abort = new AbortController();
    fetch("/api/teams?status=active", {
      signal: abort.signal,
      headers: { accept: "application/json" },
    })
      .then(async (response) => {
        if (!response.ok) throw new Error(`The team list answered ${response.status}.`);
        const parsed = activeTeamsSchema.parse(await response.json());
        setTeams({
          state: "ready",
          teams: parsed.map((t) => ({ slug: t.name, displayName: t.display_name })),
        });
      })
      .catch((error: unknown) => {
        if (abort.signal.aborted) return;
        setTeams({
          state: "failed",
          message: `Could not load the active teams: ${error instanceof Error ? error.message : "unknown error"}`,
        });
      });
    return () => abort.abort();
  }, [shouldFetch]);
  return teams;
}
