// The audit log as JSON or CSV (admins only), with the same filters as /admin/audit. Read-only:
// there is no method here, or anywhere, that changes an entry.
import { requireAdmin } from "@/lib/auth/current-user";
import { auditEntriesToCsv, auditQuerySchema, listAuditEntries } from "@/lib/audit/query";
import { getDb } from "@/lib/db/client";
import { parseQuery, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  await requireAdmin(request);
  const query = parseQuery(request, auditQuerySchema);
  const entries = await listAuditEntries(getDb(), query);
  const stamp = new Date().toISOString().slice(0, 10);
  if (query.format === "csv") {
    return new Response(auditEntriesToCsv(entries), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="audit-${stamp}.csv"`,
      },
    });
  }
  return Response.json(
    entries,
    query.format === "json"
      ? { headers: { "content-disposition": `attachment; filename="audit-${stamp}.json"` } }
      : undefined,
  );
});
