import type { Ack } from "@/lib/protocol/ack";
import type { TeamSettingsPatch } from "@/lib/teams/settings-schemas";

/** The server action that changes a team's settings, handed to client components by pages. */
export type UpdateTeamSettings = (input: {
  team: string;
  patch: TeamSettingsPatch;
}) => Promise<Ack<{ changed: boolean }>>;
