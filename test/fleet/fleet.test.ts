// Three built instances behind nginx, sharing PostgreSQL and Redis: chats spread over them, one
// user's two tabs on different instances, one instance killed (SIGKILL) while it writes a reply
// and one drained (SIGTERM). Nothing acknowledged is lost or stored twice, no reply is written
// twice, both tabs end with the same conversation, and the rate limit holds across instances.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { planDraftSchema, type Ack, type ChatMessage, type DelegationPlan } from "@/lib/protocol";
import { createUser } from "@/lib/users/service";
import type { User } from "@/lib/users/schemas";
import { PLAN_READY } from "@/server/managers/llm/plan-marker";
import { testDraft } from "@/test/fixtures/plan-draft";
import { startFleet, type Fleet } from "./fleet";
import { tabElsewhere as tabIn, tabFor as openTab, untilAcked, type Tab } from "./tab";

type SendAck = { message: ChatMessage };

const MESSAGES_PER_MINUTE = 8;
let fleet: Fleet;

beforeAll(async () => {
  fleet = await startFleet({
    adminUrl: inject("pgAdminUrl"),
    size: 3,
    env: { CHAT_MESSAGES_PER_MINUTE: String(MESSAGES_PER_MINUTE) },
  });
}, 180_000);
afterAll(() => fleet?.close(), 60_000);

/** client_id is a UUID; the test names each message and keeps the name's UUID. */
const clientIds = new Map<string, string>();
const idOf = (name: string) =>
  clientIds.get(name) ?? (clientIds.set(name, randomUUID()), clientIds.get(name)!);

/** Sends until acknowledged (the same client_id, so a resend is stored once) or refused for good. */
async function send(tab: Tab, text: string, name: string): Promise<Ack<SendAck>> {
  const ack = await untilAcked<SendAck>(tab, `"${text}"`, (client) =>
    client.emitWithAck("chat:send", { text, client_id: idOf(name) }),
  );
  if (ack.ok) tab.seen.set(ack.data.message.id, ack.data.message); // the sender has it from the ack
  return ack;
}

/** Resolves once a reply (or the manager's failure notice) to `after` is stored. */
async function replyStored(sessionId: string, after: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [row] = await fleet.db.sql<{ id: string; metadata: Record<string, unknown> }[]>`
      SELECT id::text, metadata FROM team_chat_messages
      WHERE session_id = ${sessionId} AND role <> 'user'
        AND created_at > (SELECT created_at FROM team_chat_messages WHERE id = ${after})
      ORDER BY created_at LIMIT 1`;
    if (row) return row;
    await sleep(150);
  }
  throw new Error(`no reply to ${after} within ${timeoutMs} ms`);
}

const tabFor = (user: User) => openTab(fleet, user);
const tabElsewhere = (user: User, other: Tab) => tabIn(fleet, user, other);

const acked = new Map<string, Set<string>>(); // session id → acknowledged client ids
/** Sends, expects it acknowledged, and waits for the reply to be stored. */
async function chat(tab: Tab, text: string, name: string) {
  const ack = await send(tab, text, name);
  expect(ack.ok ? null : ack.error, name).toBeNull();
  if (!ack.ok) return;
  const set = acked.get(tab.sessionId) ?? new Set();
  acked.set(tab.sessionId, set.add(idOf(name)));
  await replyStored(tab.sessionId, ack.data.message.id);
}

describe("a fleet of three instances behind nginx", () => {
  it("keeps every chat whole through a SIGKILL and a SIGTERM, and holds the rate limit", async () => {
    const users = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        createUser(fleet.db.sql, {
          email: `fleet-${i}@example.test`,
          password: "fleet-password",
          role: "user",
        }),
      ),
    );
    const [owner, limited, ...others] = users as [User, User, ...User[]];

    // One user, two tabs, on different instances.
    const tabA = await tabFor(owner);
    const tabB = await tabElsewhere(owner, tabA);
    expect(tabB.sessionId).toBe(tabA.sessionId);
    const otherTabs = await Promise.all(others.map(tabFor));

    // Chats on every instance at once; the owner's tabs take turns.
    await Promise.all([
      (async () => {
        await chat(tabA, "first from A", "a-1");
        await chat(tabB, "first from B", "b-1");
      })(),
      ...otherTabs.map(async (tab, i) => {
        await chat(tab, `hello from user ${i}`, `u${i}-1`);
        await chat(tab, `more from user ${i}`, `u${i}-2`);
      }),
    ]);

    // The rate limit holds across instances: the allowance is spent over two tabs on two
    // instances, and the message over it is refused wherever it is sent.
    const limitedA = await tabFor(limited);
    const limitedB = await tabElsewhere(limited, limitedA);
    for (let i = 0; i < MESSAGES_PER_MINUTE; i++)
      await chat(i % 2 ? limitedB : limitedA, `quick ${i}`, `l-${i}`);
    for (const tab of [limitedA, limitedB])
      expect(await send(tab, "one too many", `l-over-${tab.socketId}`)).toMatchObject({
        ok: false,
        error: { code: "rate_limited" },
      });

    // SIGKILL the owner of the two-tab session while it writes a reply.
    const killedAt = { ms: 0 };
    const firstDelta = new Promise<void>((resolve) =>
      tabB.client.once("chat:delta", () => resolve()),
    );
    const midReply = await send(tabA, "killed mid-reply", "a-kill");
    expect(midReply.ok).toBe(true);
    acked.get(tabA.sessionId)!.add(idOf("a-kill"));
    await firstDelta;
    const victim = await fleet.ownerOf(tabA.sessionId);
    expect(victim).toBeDefined();
    victim!.child.kill("SIGKILL");
    killedAt.ms = Date.now();
    await victim!.exited;

    // Another instance takes the session over within seconds; both tabs chat on through nginx.
    await chat(tabB, "after the kill", "b-after-kill");
    const takeoverMs = Date.now() - killedAt.ms;
    expect(takeoverMs).toBeLessThan(20_000);
    const newOwner = await fleet.ownerOf(tabA.sessionId);
    expect(newOwner && newOwner !== victim).toBe(true);
    await chat(tabA, "A is back", "a-back");
    await Promise.all(otherTabs.map((tab, i) => chat(tab, `still here ${i}`, `u${i}-3`)));

    // SIGTERM the owner while it writes a reply: the reply finishes and is stored, readiness
    // fails meanwhile, and the instance exits within Kubernetes' 30 s.
    const drained = await fleet.ownerOf(tabA.sessionId);
    const drainReply = await send(tabB, "drained mid-reply", "b-drain");
    expect(drainReply.ok).toBe(true);
    acked.get(tabA.sessionId)!.add(idOf("b-drain"));
    const sigtermAt = Date.now();
    drained!.child.kill("SIGTERM");
    // Readiness turns 503 while the instance still serves what it has (the reply keeps it busy).
    let readiness: number | string = "not asked";
    for (let i = 0; i < 40 && readiness !== 503; i++) {
      readiness = await fetch(`${drained!.url}/api/health/ready`).then(
        (r) => r.status,
        () => "refused",
      );
      if (readiness !== 503) await sleep(50);
    }
    expect(readiness).toBe(503);
    expect(await drained!.exited).toBe(0);
    expect(Date.now() - sigtermAt).toBeLessThan(30_000);
    const drainAnswer = await replyStored(
      tabA.sessionId,
      drainReply.ok ? drainReply.data.message.id : "",
    );
    expect(drainAnswer.metadata).not.toHaveProperty("stopped");
    expect(drainAnswer.metadata).not.toHaveProperty("interrupted");

    // Everyone carries on with the instance that is left.
    await chat(tabA, "last from A", "a-last");
    await Promise.all(otherTabs.map((tab, i) => chat(tab, `goodbye ${i}`, `u${i}-4`)));
    await Promise.all([tabA, tabB].map((tab) => tab.ready()));
    await sleep(500); // the last broadcasts reach both tabs

    // Every session of the script acknowledged something, or the checks below check nothing.
    expect(acked.size).toBeGreaterThan(0);
    for (const [sessionId, clientIds] of acked) {
      const rows = await fleet.db.sql<
        { id: string; role: string; client_id: string | null; reply_id: string | null }[]
      >`SELECT id::text, role, metadata->>'client_id' AS client_id, metadata->>'reply_id' AS reply_id
        FROM team_chat_messages WHERE session_id = ${sessionId} ORDER BY created_at`;
      // Every acknowledged message is stored exactly once.
      for (const clientId of clientIds)
        expect(
          rows.filter((r) => r.client_id === clientId),
          clientId,
        ).toHaveLength(1);
      // No reply was written twice: one stored answer per reply, never more answers than messages.
      const replies = rows.filter((r) => r.role === "assistant" && r.reply_id);
      expect(new Set(replies.map((r) => r.reply_id)).size).toBe(replies.length);
      expect(replies.length).toBeLessThanOrEqual(rows.filter((r) => r.role === "user").length);
      // Both tabs of the two-tab session saw the whole conversation.
      if (sessionId === tabA.sessionId) {
        const stored = rows.map((r) => r.id).sort();
        expect([...tabA.seen.keys()].sort()).toEqual(stored);
        expect([...tabB.seen.keys()].sort()).toEqual(stored);
      }
    }
    console.log(`fleet: takeover after SIGKILL took ${takeoverMs} ms`);
  }, 240_000);
});

type ConfirmAck = Ack<{ task_id: string; created: boolean }>;
interface Planner {
  role: "elsewhere" | "twice" | "killed" | "drained" | "unanswered" | "cancelled";
  title: string;
  a: Tab;
  b: Tab;
  plan: DelegationPlan;
  acks: ConfirmAck[];
}

/** The plan the model writes for `title`: two subtasks that need not wait for each other. */
const draftFor = (title: string) =>
  testDraft({
    title,
    subtasks: testDraft().subtasks.map((s) => ({ ...s, depends_on: [] })),
  });

/** Confirms what `tab` shows, until acknowledged; every answer is kept. */
async function confirm(person: Planner, tab: Tab): Promise<ConfirmAck> {
  const { id, version } = person.plan;
  const ack = await untilAcked<{ task_id: string; created: boolean }>(
    tab,
    `confirm ${person.title}`,
    (client) => client.emitWithAck("delegation:confirm", { plan_id: id, version }),
  );
  person.acks.push(ack);
  return ack;
}

/** The chat-completions requests that dispatched `subtask` of the plan titled `plan`. */
async function dispatchRequests(plan: string, subtask: string) {
  const prompts = (await fleet.model.completions()).map((r) =>
    (r.body?.messages ?? []).map((m) => String(m.content)).join("\n"),
  );
  return prompts.filter(
    (p) => p.includes(`Subtask: ${subtask}\n`) && p.includes(`part of the plan "${plan}"`),
  ).length;
}

describe("delegation plans in a fleet", () => {
  it("dispatches every confirmed plan exactly once: confirmed elsewhere, twice at once, and through a SIGKILL and a SIGTERM", async () => {
    // The chats above stopped two instances; they come back on their ports, as pods would.
    for (const instance of [...fleet.instances])
      if (instance.child.exitCode !== null || instance.child.signalCode !== null)
        await fleet.restart(instance);
    const roles: Planner["role"][] = [
      "elsewhere",
      "twice",
      "killed",
      "killed",
      "drained",
      "unanswered",
      "cancelled",
    ];
    const people: Planner[] = [];
    for (const [i, role] of roles.entries()) {
      const user = await createUser(fleet.db.sql, {
        email: `planner-${i}@example.test`,
        password: "fleet-password",
        role: "user",
      });
      const a = await tabFor(user);
      const b = await tabElsewhere(user, a);
      const title = `Plan ${i}: launch the analytics product`;
      people.push({ role, title, a, b, plan: undefined as never, acks: [] });
    }

    // Each converses until the model proposes a plan (one at a time: the model's answers are
    // taken in order); both tabs, on two instances, are shown it.
    await fleet.model.reset();
    for (const person of people) {
      await fleet.model.script(
        { type: "text", text: `I have what I need; here is the plan. ${PLAN_READY}` },
        { type: "text", text: JSON.stringify(draftFor(person.title)) },
      );
      const text = "Launch the analytics product by the end of the month; 500 sign-ups.";
      expect((await send(person.a, text, `ask-${person.title}`)).ok).toBe(true);
      const shown = (tab: Tab) =>
        tab.planShown(`${person.title} proposed`, (p) => p.title === person.title);
      const [onA, onB] = await Promise.all([shown(person.a), shown(person.b)]);
      expect(onB).toEqual(onA);
      expect(onA).toMatchObject({ version: 1, status: "proposed" });
      person.plan = onA;
    }
    // Each dispatched subtask asks the model once; enough answers for every attempt.
    await fleet.model.script(
      ...Array.from({ length: 80 }, () => ({ type: "text" as const, text: "Done: written up." })),
    );

    // The plans to be confirmed are edited in the other tab first; the first tab is shown the edit.
    for (const person of people.filter((p) => p.role !== "unanswered" && p.role !== "cancelled")) {
      const draft = planDraftSchema.parse(person.plan);
      draft.subtasks[0] = {
        ...draft.subtasks[0]!,
        instructions: `${draft.subtasks[0]!.instructions}, edited in the other tab`,
      };
      const edited = await untilAcked<DelegationPlan>(person.b, `edit ${person.title}`, (client) =>
        client.emitWithAck("delegation:update", { plan_id: person.plan.id, version: 1, draft }),
      );
      expect(edited).toMatchObject({ ok: true, data: { version: 2 } });
      person.plan = await person.a.planShown(
        `${person.title} edited`,
        (p) => p.id === person.plan.id && p.version === 2,
      );
    }
    const [elsewhere, twice, killedOne, killedTwo, drained, unanswered, cancelled] = people as [
      Planner,
      Planner,
      Planner,
      Planner,
      Planner,
      Planner,
      Planner,
    ];

    // Confirmed from a tab on an instance other than the session's owner.
    const owner = await fleet.ownerOf(elsewhere.a.sessionId);
    expect(owner).toBeDefined();
    const onOwner = async (tab: Tab) => (await tab.onInstance()) === owner;
    const away = (await onOwner(elsewhere.a)) ? elsewhere.b : elsewhere.a;
    expect(await onOwner(away)).toBe(false);
    expect(await confirm(elsewhere, away)).toMatchObject({ ok: true, data: { created: true } });

    // Confirmed from both tabs at once, on two instances: one task, both told of it.
    const both = await Promise.all([confirm(twice, twice.a), confirm(twice, twice.b)]);
    expect(both.map((ack) => ack.ok && ack.data.created).sort()).toEqual([false, true]);

    // Confirmed from both tabs of two people while the instance of one tab is killed (SIGKILL):
    // the tabs reconnect through nginx and confirm again until answered.
    const victim = await killedOne.a.onInstance();
    const racingKill = [killedOne, killedTwo].flatMap((p) => [confirm(p, p.a), confirm(p, p.b)]);
    victim.child.kill("SIGKILL");
    await victim.exited;
    await Promise.all(racingKill);

    // Confirmed from both tabs while the instance of one is drained (SIGTERM).
    await drained.b.ready();
    const drainedInstance = await drained.a.onInstance();
    const racingDrain = [confirm(drained, drained.a), confirm(drained, drained.b)];
    drainedInstance.child.kill("SIGTERM");
    await Promise.all(racingDrain);
    expect(await drainedInstance.exited).toBe(0);

    // One plan is left unanswered, one cancelled: neither is dispatched.
    expect(
      await untilAcked<DelegationPlan>(cancelled.b, "cancel", (client) =>
        client.emitWithAck("delegation:cancel", { plan_id: cancelled.plan.id }),
      ),
    ).toMatchObject({ ok: true, data: { status: "cancelled" } });

    // Every confirmed plan's subtasks run to the end on the instances left.
    const confirmed = people.filter((p) => p.acks.length > 0);
    expect(confirmed.map((p) => p.role)).toEqual(roles.slice(0, 5));
    const taskOf = (person: Planner) => (person.acks[0]!.ok ? person.acks[0]!.data.task_id : "");
    const deadline = Date.now() + 60_000;
    for (;;) {
      const open = await fleet.db.sql<{ title: string; status: string }[]>`
        SELECT t.title, s.status FROM cc_subtasks s JOIN cc_tasks t ON t.id = s.task_id
        WHERE s.status <> 'completed'`;
      if (open.length === 0) break;
      if (Date.now() > deadline) {
        console.log(
          JSON.stringify(
            await fleet.db
              .sql`SELECT t.title, s.id, s.title AS sub, s.attempts, array_agg(e.kind || '@' || (extract(epoch from e.created_at)*1000)::bigint % 1000000 ORDER BY e.id) AS kinds FROM cc_subtasks s JOIN cc_tasks t ON t.id = s.task_id JOIN cc_task_events e ON e.subtask_id = s.id GROUP BY 1,2,3,4`,
            null,
            1,
          ),
        );
        console.log(
          JSON.stringify(
            await fleet.db
              .sql`SELECT data, state, retry_count, created_on, started_on, completed_on FROM pgboss.job`,
            null,
            1,
          ),
        );
        for (const i of fleet.instances)
          console.log(
            i.name,
            i.child.pid,
            i.logs.filter((l) => /dispatch|subtask/i.test(l)).join(""),
          );
        throw new Error(`subtasks not completed within 60 s: ${JSON.stringify(open)}`);
      }
      await sleep(250);
    }

    console.log(
      JSON.stringify(
        await fleet.db
          .sql`SELECT t.title, s.title AS sub, s.attempts, array_agg(e.kind || '@' || (extract(epoch from e.created_at)::bigint % 1000000) ORDER BY e.id) AS kinds FROM cc_subtasks s JOIN cc_tasks t ON t.id = s.task_id JOIN cc_task_events e ON e.subtask_id = s.id GROUP BY 1,2,3`,
        null,
        1,
      ),
    );
    let handedOn = 0;
    for (const person of confirmed) {
      // Every answer names the same task, and at most one says it created it (an answer lost
      // with a killed instance may have been the one).
      expect(person.acks.every((ack) => ack.ok && ack.data.task_id === taskOf(person))).toBe(true);
      expect(person.acks.filter((ack) => ack.ok && ack.data.created).length).toBeLessThanOrEqual(1);
      // Both tabs are shown the plan confirmed, with its task.
      for (const tab of [person.a, person.b])
        await tab.planShown(
          `${person.title} confirmed`,
          (p) =>
            p.id === person.plan.id && p.status === "confirmed" && p.task_id === taskOf(person),
        );

      const [plan] = await fleet.db.sql<{ status: string; confirmed_version: number }[]>`
        SELECT status, confirmed_version FROM cc_delegation_plans WHERE id = ${person.plan.id}`;
      expect(plan).toEqual({ status: "confirmed", confirmed_version: 2 });
      const tasks = await fleet.db.sql<{ id: string }[]>`
        SELECT id::text FROM cc_tasks WHERE plan_id = ${person.plan.id}`;
      expect(tasks.map((t) => t.id)).toEqual([taskOf(person)]);
      const [audit] = await fleet.db.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM team_audit_log
        WHERE action = 'delegation_confirmed' AND details->>'plan_id' = ${person.plan.id}`;
      expect(audit!.n).toBe(1);
      const [delegations] = await fleet.db.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM team_chat_delegations
        WHERE task_specification->>'task_id' = ${taskOf(person)}`;
      expect(delegations!.n).toBe(person.plan.subtasks.length);

      // One subtask per plan subtask, as edited; each completed once, and the model was asked
      // once per recorded attempt.
      const subtasks = await fleet.db.sql<
        {
          plan_subtask_id: string;
          title: string;
          instructions: string;
          attempts: number;
          dispatched: number;
          ended: number;
          completed: number;
        }[]
      >`
        SELECT s.plan_subtask_id, s.title, s.instructions, s.attempts,
          (SELECT count(*)::int FROM cc_task_events e WHERE e.subtask_id = s.id AND e.kind = 'dispatched') AS dispatched,
          (SELECT count(*)::int FROM cc_task_events e WHERE e.subtask_id = s.id AND e.kind IN ('attempt_failed', 'interrupted')) AS ended,
          (SELECT count(*)::int FROM cc_task_events e WHERE e.subtask_id = s.id AND e.kind = 'completed') AS completed
        FROM cc_subtasks s WHERE s.task_id = ${taskOf(person)} ORDER BY s.position`;
      expect(subtasks.map((s) => [s.plan_subtask_id, s.instructions])).toEqual(
        person.plan.subtasks.map((s) => [s.id, s.instructions]),
      );
      expect(subtasks[0]!.instructions).toContain("edited in the other tab");
      for (const subtask of subtasks) {
        const what = `${person.title}: ${subtask.title}`;
        expect(subtask.completed, what).toBe(1);
        expect(subtask.dispatched, what).toBe(subtask.attempts);
        // Every attempt but the last ended recorded (one a killed instance could not end is
        // ended by the instance that hands its job on); the model heard of it once per attempt
        // at most (a killed one may not have reached it).
        expect(subtask.ended, what).toBe(subtask.attempts - 1);
        handedOn += subtask.ended;
        const requests = await dispatchRequests(person.title, subtask.title);
        expect(requests, what).toBeGreaterThanOrEqual(1);
        expect(requests, what).toBeLessThanOrEqual(subtask.attempts);
      }
    }

    // Nothing else was dispatched: the unanswered and the cancelled plan have no task.
    const [tasks] = await fleet.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM cc_tasks`;
    expect(tasks!.n).toBe(confirmed.length);
    for (const person of [unanswered, cancelled]) {
      const rows = await fleet.db.sql<{ status: string; tasks: number }[]>`
        SELECT status, (SELECT count(*)::int FROM cc_tasks WHERE plan_id = p.id) AS tasks
        FROM cc_delegation_plans p WHERE id = ${person.plan.id}`;
      expect(rows).toEqual([{ status: person === cancelled ? "cancelled" : "proposed", tasks: 0 }]);
    }
    console.log(
      `fleet: ${handedOn} dispatch attempts ended by the SIGKILL or the SIGTERM, and tried again`,
    );
  }, 240_000);
});
