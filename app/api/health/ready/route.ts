// Readiness: send this instance traffic only while it serves and its database answers. A draining
// instance answers 503 so load balancers move new connections elsewhere.
import { getDb } from "@/lib/db/client";
import { checkHealth } from "@/lib/health";
import { route } from "@/lib/http";
import { getLifecyclePhase } from "@/lib/lifecycle";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const phase = getLifecyclePhase();
  const health = await checkHealth(getDb());
  const ready = phase === "serving" && health.status === "ok";
  return Response.json(
    { status: ready ? "ready" : "not_ready", phase, database: health.database },
    { status: ready ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
});
