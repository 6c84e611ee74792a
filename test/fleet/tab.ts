// One browser tab of the fleet test: a socket through nginx, what it has been shown of its session
// (messages and plans), and the browser client's habit of asking again until it is answered.
import { setTimeout as sleep } from "node:timers/promises";
import type { Ack, ChatMessage, DelegationPlan } from "@/lib/protocol";
import type { User } from "@/lib/users/schemas";
import type { ChatClient, Fleet, Instance } from "./fleet";

export class Tab {
  seen = new Map<string, ChatMessage>();
  /** Every plan of the session as last shown, by id. */
  plans = new Map<string, DelegationPlan>();
  sessionId = "";
  socketId = "";
  isReady = false;
  private listeners = new Set<() => void>();

  constructor(
    private readonly fleet: Fleet,
    readonly client: ChatClient,
  ) {
    client.on("session:ready", (snapshot) => {
      this.sessionId = snapshot.session.id;
      this.socketId = client.id ?? "";
      for (const m of snapshot.history) this.seen.set(m.id, m);
      if (snapshot.preview) this.plans.set(snapshot.preview.id, snapshot.preview);
      this.isReady = true;
      this.changed();
    });
    client.on("chat:message", (m) => this.seen.set(m.id, m));
    client.on("delegation:preview", (plan) => {
      this.plans.set(plan.id, plan);
      this.changed();
    });
    client.on("disconnect", () => (this.isReady = false));
  }

  private changed() {
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves with `check`'s first defined answer, asked now and after everything the tab is shown. */
  until<T>(what: string, check: () => T | undefined, timeoutMs = 30_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const listener = () => {
        const value = check();
        if (value === undefined) return;
        this.listeners.delete(listener);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`${what}: not shown within ${timeoutMs} ms`));
      }, timeoutMs);
      this.listeners.add(listener);
      listener();
    });
  }

  ready(timeoutMs = 30_000): Promise<void> {
    return this.until("session ready", () => (this.isReady ? true : undefined), timeoutMs).then(
      () => {},
    );
  }

  /** The plan shown once it matches `match`. */
  planShown(what: string, match: (plan: DelegationPlan) => boolean): Promise<DelegationPlan> {
    return this.until(what, () => [...this.plans.values()].find(match));
  }

  /** The instance this tab's socket is on (its log names the socket). */
  instance(): Instance | undefined {
    return this.fleet.instances.find((i) => i.logs.some((line) => line.includes(this.socketId)));
  }

  /** The instance once its log has named this tab's socket (the line may follow the connection). */
  async onInstance(timeoutMs = 5_000): Promise<Instance> {
    await this.ready();
    const deadline = Date.now() + timeoutMs;
    for (let instance = this.instance(); ; instance = this.instance()) {
      if (instance) return instance;
      if (Date.now() > deadline) throw new Error(`no instance logged socket ${this.socketId}`);
      await sleep(50);
    }
  }
}

/** Refusals that a moment later, or on another instance, may turn out otherwise. */
const RETRYABLE = new Set([
  "reply_in_progress",
  "session_moving",
  "server_draining",
  "session_opening",
  "internal",
]);

/**
 * Asks (`emit`) until answered and acknowledged, or refused for good: through a reconnect to
 * another instance when this one went away before answering.
 */
export async function untilAcked<T>(
  tab: Tab,
  what: string,
  emit: (client: ReturnType<ChatClient["timeout"]>) => Promise<Ack<T>>,
): Promise<Ack<T>> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`${what} was not acknowledged within 60 s`);
    if (!tab.isReady) {
      await tab.ready(Math.max(1, deadline - Date.now()));
      continue;
    }
    const ack = await emit(tab.client.timeout(10_000)).catch(() => null); // it went away first
    if (ack?.ok) return ack;
    if (ack && !RETRYABLE.has(ack.error.code)) return ack;
    await sleep(300);
  }
}

export async function tabFor(fleet: Fleet, user: User): Promise<Tab> {
  const tab = new Tab(
    fleet,
    fleet.connect(await fleet.token(user.id, "executive-team", user.role)),
  );
  await tab.ready();
  return tab;
}

/**
 * A tab of `user` on an instance other than `other`'s: round-robin gives one within a few tries,
 * or within nginx's fail_timeout (3 s) after an instance came back.
 */
export async function tabElsewhere(fleet: Fleet, user: User, other: Tab): Promise<Tab> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const tab = await tabFor(fleet, user);
    if ((await tab.onInstance()) !== (await other.onInstance())) return tab;
    tab.client.disconnect();
    await sleep(200);
  }
  throw new Error("nginx kept sending the tabs to one instance");
}
