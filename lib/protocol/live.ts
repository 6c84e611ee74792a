// The topics of the live-update stream (GET /api/events): what an open page can ask to hear about.
// The route parses them, the browser subscribes to them; written here once for both.
import { z } from "zod";

export const LIVE_TOPICS = ["teams", "tasks", "plans", "account"] as const;
export const liveTopicSchema = z.enum(LIVE_TOPICS);
export type LiveTopic = z.infer<typeof liveTopicSchema>;
