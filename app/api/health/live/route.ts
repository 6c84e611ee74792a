// Liveness: the process answers. Deliberately blind to the database, so that an outage there
// does not make Kubernetes restart every replica at once.
import { getLifecyclePhase } from "@/lib/lifecycle";
import { route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const GET = route(async () =>
  Response.json(
    { status: "ok", phase: getLifecyclePhase(), uptime_seconds: Math.round(process.uptime()) },
    { headers: { "cache-control": "no-store" } },
  ),
);
