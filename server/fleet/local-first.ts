// Both fleet stores' Socket.IO adapters are cluster adapters, and both wait for their publish (a
// NOTIFY, an XADD) before delivering a broadcast to this instance's own sockets.
import type { Namespace } from "socket.io";
import {
  Adapter,
  type BroadcastOptions,
  type ClusterAdapter,
  ClusterAdapterWithHeartbeat,
  MessageType,
} from "socket.io-adapter";

/**
 * The cluster adapter `make` returns, with broadcasts that reach this instance's sockets at once,
 * and the other instances in the order they were made. Waiting for the publish let a session's
 * "ended" arrive after the socket had been closed; NOTIFYs on a pool of several connections also
 * finish in any order, so a reply's deltas reached the browser shuffled ("to Happy help") and a
 * status overtook the message before it. Offsets for connection state recovery, the one reason to
 * wait, are not used (Socket.IO's recovery is off; a tab catches up from the session's snapshot).
 * An adapter that keeps heartbeats with the other instances (PostgreSQL's) publishes nothing while
 * it knows of none: one instance alone then costs no NOTIFY per delta. A new instance announces
 * itself when it starts, and a tab on it reaches a session's owner only through a message that
 * makes the owner see it, so nothing it subscribed to is missed.
 * Socket.IO calls the result with `new`, so it is a function, not an arrow.
 */
export function localFirst(make: (nsp: Namespace) => ClusterAdapter) {
  return function localFirstAdapter(nsp: Namespace): ClusterAdapter {
    return deliverLocallyFirst(make(nsp));
  };
}

function deliverLocallyFirst(adapter: ClusterAdapter): ClusterAdapter {
  const publish = (
    adapter as unknown as { publishAndReturnOffset(message: unknown): Promise<unknown> }
  ).publishAndReturnOffset.bind(adapter);
  const alone =
    adapter instanceof ClusterAdapterWithHeartbeat
      ? () => (adapter as unknown as { nodesMap: Map<string, number> }).nodesMap.size === 0
      : () => false;
  let previous: Promise<unknown> = Promise.resolve();
  // async only for its type: the local delivery below runs before it returns.
  adapter.broadcast = async (packet: unknown, opts: BroadcastOptions) => {
    if (!opts.flags?.local && !alone()) {
      const message = {
        type: MessageType.BROADCAST,
        data: {
          packet,
          opts: { rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags },
        },
      };
      previous = previous.then(() => publish(message)).catch(() => {});
    }
    Adapter.prototype.broadcast.call(adapter, packet, opts);
  };
  return adapter;
}
