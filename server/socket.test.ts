import { once } from "node:events";
import { createServer, connect, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { coalesceWrites } from "./socket";

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

/** A real TCP connection on loopback: the sending end (writes coalesced) and what the other end reads. */
async function connection(): Promise<{ sender: Socket; reads: string[] }> {
  const reads: string[] = [];
  const server = createServer((peer) => peer.on("data", (chunk) => reads.push(String(chunk))));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const sender = connect((server.address() as AddressInfo).port, "127.0.0.1");
  sender.setNoDelay(true);
  await once(sender, "connect");
  closers.push(() => {
    sender.destroy();
    server.close();
  });
  coalesceWrites(sender);
  return { sender, reads };
}

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe("coalesceWrites", () => {
  it("sends the writes of one tick in one system call, so they arrive as one segment", async () => {
    const { sender, reads } = await connection();
    const writev = sender as unknown as { _writev: (...args: unknown[]) => void };
    let calls = 0;
    const original = writev._writev.bind(sender);
    writev._writev = (...args) => {
      calls += 1;
      original(...args);
    };
    sender.write("ack;");
    sender.write("status;");
    sender.write("reply;");
    await until(() => reads.join("").length === "ack;status;reply;".length);
    expect(calls).toBe(1);
    expect(reads).toEqual(["ack;status;reply;"]);
  });

  it("still sends a write made in a later tick, in order, and calls each write's callback", async () => {
    const { sender, reads } = await connection();
    const written: string[] = [];
    sender.write("first;", () => written.push("first"));
    await new Promise((resolve) => setImmediate(resolve));
    sender.write("second;", () => written.push("second"));
    await until(() => reads.join("") === "first;second;" && written.length === 2);
    expect(written).toEqual(["first", "second"]);
  });
});
