// A team's lifecycle states, shared by the settings rules and the admin page's browser form.
export const TEAM_STATUSES = ["active", "inactive", "archived"] as const;
export type TeamStatus = (typeof TEAM_STATUSES)[number];
