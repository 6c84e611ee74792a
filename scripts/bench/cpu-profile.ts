// `npx tsx scripts/bench/cpu-profile.ts <file.cpuprofile> [top]`: a short text flame summary of a
// V8 CPU profile (from BENCH_CC_NODE_FLAGS="--cpu-prof --cpu-prof-dir=…"): the functions with the
// most self time, and self time summed per package or source folder.
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error("usage: cpu-profile.ts <file.cpuprofile> [top]");
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfMs = new Map<number, number>();
profile.samples.forEach((id, i) =>
  selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000),
);
const total = [...selfMs.values()].reduce((a, b) => a + b, 0);

/** Where a frame's code lives: a package of node_modules, a folder of the app, or node itself. */
function placeOf(url: string): string {
  if (!url) return "(native/vm)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return url;
  const app =
    /\/(lib|server|scripts)\/(.+)\/[^/]+$/.exec(url) ?? /\/(lib|server|scripts)\/[^/]+$/.exec(url);
  return app ? `${app[1]}/${app[2] ?? ""}` : url.replace(/^.*\//, "");
}

const functions = new Map<string, number>();
const places = new Map<string, number>();
for (const [id, ms] of selfMs) {
  const { callFrame } = byId.get(id)!;
  const short = callFrame.url
    .replace(/^.*node_modules\//, "")
    .replace(/^file:\/\/.*?\/(lib|server|scripts)\//, "$1/");
  const name = `${callFrame.functionName || "(anonymous)"} ${short}:${callFrame.lineNumber + 1}`;
  functions.set(name, (functions.get(name) ?? 0) + ms);
  const place = placeOf(callFrame.url);
  places.set(place, (places.get(place) ?? 0) + ms);
}
const show = (entries: Map<string, number>, n: number) =>
  [...entries]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .forEach(([name, ms]) =>
      console.log(
        `${ms.toFixed(0).padStart(8)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${name}`,
      ),
    );
console.log(`${file}: ${(total / 1000).toFixed(1)} s of samples\n\nTop self time by function:`);
show(functions, top);
console.log("\nSelf time by package / folder:");
show(places, top);
