// Some registries (mirrors, this project's build machines) serve only the current platform's
// prebuilt binaries, so npm leaves the other platforms' optional packages out of the lock file —
// and `npm ci` then refuses the lock everywhere. This adds the missing entries back, scoped by
// os/cpu/libc so each platform installs only its own. Run after `npm install` if `npm ci` says
// "Missing: … from lock file".
import { readFileSync, writeFileSync } from "node:fs";

const OS = [
  "darwin",
  "win32",
  "linux",
  "android",
  "freebsd",
  "openharmony",
  "sunos",
  "netbsd",
  "openbsd",
  "aix",
];
const CPU = [
  "arm64",
  "x64",
  "arm",
  "ia32",
  "loong64",
  "ppc64",
  "riscv64",
  "s390x",
  "wasm32",
  "mips64el",
];

function platformOf(name) {
  const parts = name.split("/").pop().split("-");
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.find((p) => CPU.includes(p));
  const libc = parts.some((p) => p.startsWith("musl"))
    ? "musl"
    : parts.includes("gnu") || parts.some((p) => p.startsWith("gnueabi"))
      ? "glibc"
      : undefined;
  return { os, cpu, libc };
}

const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = location ? `${location}/node_modules` : "node_modules";
    if (lock.packages[`${base}/${name}`] || lock.packages[`node_modules/${name}`]) continue;
    const version = String(spec).replace(/^[\^~=]/, "");
    const { os, cpu, libc } = platformOf(name);
    if (!cpu && !os) continue; // not a platform binary: leave it to npm
    lock.packages[`node_modules/${name}`] = {
      version,
      resolved: `https://registry.npmjs.org/${name}/-/${name.split("/").pop()}-${version}.tgz`,
      optional: true,
      ...(os ? { os: [os] } : {}),
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(libc ? { libc: [libc] } : {}),
    };
    added += 1;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === "" ? -1 : b === "" ? 1 : a.localeCompare(b),
  ),
);
writeFileSync("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} platform-specific optional packages to package-lock.json`);
