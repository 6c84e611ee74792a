// The test PostgREST against real supabase-js: what it serves must be what PostgREST serves,
// or every Supabase test above it proves nothing.
import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createSupabaseClient } from "@/lib/supabase/client";
import { createElfProject, SERVICE_ROLE_KEY, type ElfProject } from "./elf-project";

let project: ElfProject;
let client: SupabaseClient;

beforeAll(async () => {
  project = await createElfProject(inject("pgAdminUrl"));
  client = createSupabaseClient({ url: project.rest.url, key: SERVICE_ROLE_KEY });
});
afterAll(async () => {
  await project?.close();
});

describe("select", () => {
  it("returns the chosen columns of the rows that match, in order, limited", async () => {
    const { data, error, status } = await client
      .from("teams")
      .select("name,is_top_level")
      .eq("is_top_level", true)
      .order("name", { ascending: false })
      .limit(5);
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toEqual([
      { name: "acme-research-team", is_top_level: true },
      { name: "acme-board-team", is_top_level: true },
    ]);
  });

  it("filters with in, gt/gte/lt and is", async () => {
    const names = async (query: PromiseLike<{ data: { name: string }[] | null }>) =>
      ((await query).data ?? []).map((r) => r.name).sort();
    expect(
      await names(
        client.from("teams").select("name").in("name", ["acme-lab-team", "nope, really"]),
      ),
    ).toEqual(["acme-lab-team"]);
    expect(await names(client.from("teams").select("name").gt("name", "acme-lab-team"))).toEqual([
      "acme-research-team",
    ]);
    expect(await names(client.from("teams").select("name").gte("name", "acme-lab-team"))).toEqual([
      "acme-lab-team",
      "acme-research-team",
    ]);
    expect(await names(client.from("teams").select("name").lt("name", "acme-lab-team"))).toEqual([
      "acme-board-team",
    ]);
    const { data: leads } = await client
      .from("team_members")
      .select("role")
      .is("system_prompt", null);
    expect(leads).toHaveLength(3);
    const { data: none } = await client
      .from("team_members")
      .select("role")
      .not("system_prompt", "is", null);
    expect(none).toEqual([]);
  });

  it("answers an unknown column with 42703 and an unknown table with PGRST205 / 404", async () => {
    const column = await client.from("teams").select("nope");
    expect(column.status).toBe(400);
    expect(column.error).toMatchObject({
      code: "42703",
      message: "column teams.nope does not exist",
    });
    const table = await client.from("nope").select("*");
    expect(table.status).toBe(404);
    expect(table.error).toMatchObject({ code: "PGRST205", details: null, hint: null });
  });
});

describe("upsert, insert and update", () => {
  it("upserts on a conflict column, merging, and returns the representation when asked", async () => {
    const [board] = (await client.from("teams").select("id").eq("name", "acme-board-team")).data!;
    const session = {
      id: "6f1f4c8e-4a7e-4c35-9d8f-0c6c6a7b1a01",
      team_id: board!.id,
      user_id: "u1",
      session_id: "s-1",
      message_count: 1,
    };
    const first = await client.from("team_chat_sessions").upsert(session, { onConflict: "id" });
    expect(first).toMatchObject({ error: null, status: 201, data: null }); // return=minimal
    const again = await client
      .from("team_chat_sessions")
      .upsert({ ...session, message_count: 2 }, { onConflict: "id" })
      .select("id,message_count");
    expect(again.status).toBe(201);
    expect(again.data).toEqual([{ id: session.id, message_count: 2 }]);
    const [row] = await project.db.sql`SELECT count(*)::int AS n, max(message_count) AS m
      FROM team_chat_sessions WHERE id = ${session.id}`;
    expect(row).toEqual({ n: 1, m: 2 });
  });

  it("refuses a duplicate insert with 409 / 23505 and a missing payload column with PGRST204", async () => {
    const duplicate = await client.from("teams").insert({
      name: "acme-lab-team",
      display_name: "x",
      department: "x",
      placement: "x",
      purpose: "x",
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.error).toMatchObject({ code: "23505" });
    expect(duplicate.error?.details).toContain("acme-lab-team");
    const column = await client.from("teams").insert({ nope: 1 });
    expect(column.status).toBe(400);
    expect(column.error?.code).toBe("PGRST204");
  });

  it("updates only the filtered rows: 204 with return=minimal, 200 with the rows otherwise", async () => {
    const minimal = await client
      .from("teams")
      .update({ status: "inactive" })
      .eq("name", "acme-lab-team");
    expect(minimal).toMatchObject({ status: 204, error: null });
    const returned = await client
      .from("teams")
      .update({ status: "active" })
      .eq("name", "acme-lab-team")
      .select("name,status");
    expect(returned).toMatchObject({
      status: 200,
      data: [{ name: "acme-lab-team", status: "active" }],
    });
    const none = await client
      .from("teams")
      .update({ status: "active" })
      .eq("name", "nobody")
      .select("id");
    expect(none.data).toEqual([]);
  });
});

describe("the API key", () => {
  it("refuses a wrong key with 401 as Supabase's gateway does", async () => {
    const wrong = createSupabaseClient({ url: project.rest.url, key: "not-a-key" });
    const { status, error } = await wrong.from("teams").select("id");
    expect(status).toBe(401);
    expect(error?.message).toBe("Invalid API key");
  });
});
