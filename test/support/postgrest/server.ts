// A small PostgREST-compatible server for tests: the subset of PostgREST that supabase-js uses in
// the Control Center, over a real PostgreSQL database, behind Supabase's API-key check. See
// README.md for what it serves and what it does not.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import postgres from "postgres";
import {
  fromPgError,
  payloadColumnNotFound,
  restError,
  tableNotFound,
  type RestError,
} from "./errors";
import {
  limitClause,
  loadSchemaCache,
  orderClause,
  RequestError,
  selectList,
  whereClause,
  type SchemaCache,
} from "./query";

export interface PostgrestOptions {
  databaseUrl: string;
  /** The API keys the gateway accepts (Supabase's anon and service_role keys). */
  keys: string[];
  /** Listen on this port (0: any free one); a restarted server keeps its port. */
  port?: number;
}

export interface PostgrestServer {
  /** The project URL as SUPABASE_URL gives it (without /rest/v1). */
  url: string;
  port: number;
  /** Stops listening and cuts every open connection, as a crashed REST server would. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Re-reads tables and columns (PostgREST's schema cache reload). */
  reloadSchema(): Promise<void>;
  /** Requests served, for tests that check a path went through REST. */
  requests: { method: string; path: string }[];
  close(): Promise<void>;
}

type Prefer = { return?: string; resolution?: string };

function parsePrefer(header: string | undefined): Prefer {
  const prefer: Prefer = {};
  for (const token of (header ?? "").split(",")) {
    const [key, value] = token.trim().split("=");
    if (key === "return" || key === "resolution") prefer[key] = value;
  }
  return prefer;
}

function send(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...(body === undefined ? {} : { "content-type": "application/json; charset=utf-8" }),
    ...headers,
  });
  res.end(text);
}

const sendError = (res: ServerResponse, error: RestError) => send(res, error.status, error.body);

/** Supabase's gateway: the `apikey` header must be one of the project's keys. */
function refuseKey(req: IncomingMessage, keys: string[]): RestError | null {
  const apikey = req.headers.apikey;
  if (typeof apikey !== "string" || apikey === "")
    return restError(
      401,
      null,
      "No API key found in request",
      null,
      "No `apikey` request header or url param was found.",
    );
  if (!keys.includes(apikey))
    return restError(
      401,
      null,
      "Invalid API key",
      null,
      "Double check your Supabase `anon` or `service_role` API key.",
    );
  const bearer = req.headers.authorization?.replace(/^Bearer\s+/i, "");
  if (bearer !== undefined && !keys.includes(bearer))
    return restError(401, "PGRST301", "JWSError JWSInvalidSignature");
  return null;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return text === "" ? {} : JSON.parse(text);
  } catch {
    throw new RequestError(restError(400, "PGRST102", "Empty or invalid json"));
  }
}

/** Payload columns: the `columns` parameter (supabase-js sends it for arrays) or the first object's keys. */
function payloadColumns(
  table: string,
  columns: Map<string, string>,
  params: URLSearchParams,
  rows: Record<string, unknown>[],
): string[] {
  const given = params.get("columns");
  const names = given
    ? given.split(",").map((c) => c.trim().replace(/^"|"$/g, ""))
    : Object.keys(rows[0] ?? {});
  for (const name of names)
    if (!columns.has(name)) throw new RequestError(payloadColumnNotFound(table, name));
  return names;
}

export async function startPostgrest(options: PostgrestOptions): Promise<PostgrestServer> {
  const sql = postgres(options.databaseUrl, { max: 4, onnotice: () => {} });
  let schema: SchemaCache = await loadSchemaCache(sql);
  const requests: { method: string; path: string }[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    requests.push({ method: req.method ?? "GET", path: url.pathname });
    const refused = refuseKey(req, options.keys);
    if (refused) return sendError(res, refused);
    const match = /^\/rest\/v1\/([^/]+)$/.exec(url.pathname);
    if (!match) return send(res, 404, { message: "no Route matched with those values" });
    const table = decodeURIComponent(match[1]!);
    const columns = schema.get(table);
    if (!columns) return sendError(res, tableNotFound(table));
    const params = url.searchParams;
    const prefer = parsePrefer(String(req.headers.prefer ?? ""));
    const returning = () =>
      prefer.return === "representation"
        ? sql`RETURNING ${selectList(sql, table, columns, params.get("select"))}`
        : sql``;
    const method = req.method ?? "GET";

    if (method === "GET" || method === "HEAD") {
      const rows = await sql`
        SELECT ${selectList(sql, table, columns, params.get("select"))} FROM ${sql(table)}
        ${whereClause(sql, table, columns, params)}
        ${orderClause(sql, table, columns, params.get("order"))} ${limitClause(sql, params)}`;
      const range = { "content-range": rows.length ? `0-${rows.length - 1}/*` : "*/0" };
      if ((req.headers.accept ?? "").includes("application/vnd.pgrst.object+json")) {
        if (rows.length !== 1)
          return sendError(
            res,
            restError(
              406,
              "PGRST116",
              "JSON object requested, multiple (or no) rows returned",
              `The result contains ${rows.length} rows`,
            ),
          );
        return send(res, 200, method === "HEAD" ? undefined : rows[0], range);
      }
      return send(res, 200, method === "HEAD" ? undefined : [...rows], range);
    }

    if (method === "POST") {
      const body = await readJson(req);
      const rows = (Array.isArray(body) ? body : [body]) as Record<string, unknown>[];
      const names = payloadColumns(table, columns, params, rows);
      const conflict = (params.get("on_conflict") ?? "id").split(",").map((c) => c.trim());
      const onConflict =
        prefer.resolution === "merge-duplicates"
          ? sql`ON CONFLICT (${sql(conflict)}) DO UPDATE SET ${names
              .map((n) => sql`${sql(n)} = EXCLUDED.${sql(n)}`)
              .reduce((acc, s) => sql`${acc}, ${s}`)}`
          : prefer.resolution === "ignore-duplicates"
            ? sql`ON CONFLICT (${sql(conflict)}) DO NOTHING`
            : sql``;
      const stored = await sql`
        INSERT INTO ${sql(table)} (${sql(names)})
        SELECT ${sql(names)} FROM json_populate_recordset(NULL::${sql(table)}, ${JSON.stringify(rows)}::text::json)
        ${onConflict} ${returning()}`;
      return send(res, 201, prefer.return === "representation" ? [...stored] : undefined, {
        "content-range": "*/*",
      });
    }

    if (method === "PATCH") {
      const body = (await readJson(req)) as Record<string, unknown>;
      const names = payloadColumns(table, columns, new URLSearchParams(), [body]);
      if (names.length === 0) return send(res, 204);
      const filters = new URLSearchParams([...params].filter(([k]) => k !== "columns"));
      const updated = await sql`
        UPDATE ${sql(table)} SET (${sql(names)}) = (
          SELECT ${sql(names)} FROM json_populate_record(NULL::${sql(table)}, ${JSON.stringify(body)}::text::json))
        ${whereClause(sql, table, columns, filters)} ${returning()}`;
      if (prefer.return === "representation")
        return send(res, 200, [...updated], { "content-range": `0-${updated.length - 1}/*` });
      return send(res, 204, undefined, { "content-range": `0-${updated.length - 1}/*` });
    }

    return sendError(res, restError(405, "PGRST117", `Unsupported HTTP method: ${method}`));
  }

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof RequestError) return sendError(res, error.rest);
      if (error instanceof postgres.PostgresError) return sendError(res, fromPgError(error));
      sendError(res, restError(500, "XX000", String(error)));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  let port = options.port ?? 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  await listen();

  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    requests,
    stop,
    start: listen,
    async reloadSchema() {
      schema = await loadSchemaCache(sql);
    },
    async close() {
      await stop();
      await sql.end({ timeout: 1 });
    },
  };
}
