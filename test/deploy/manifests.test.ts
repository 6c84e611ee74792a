// The Kubernetes manifests and the container image describe the app as it really is: rendered
// with `kubectl kustomize`, their ports, probes, variables and selectors are checked against the
// app's own environment schema, .env.example and a running server.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { envSchema } from "@/lib/env";
import { SHUTDOWN_DEADLINE_MS } from "@/server/shutdown";
import { startAppProcess, type AppProcess } from "@/test/support/app-process";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";

const ROOT = path.resolve(import.meta.dirname, "../..");
const K8S = path.join(ROOT, "deploy/k8s");

interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

function render(dir: string): Manifest[] {
  const output = execFileSync("kubectl", ["kustomize", path.resolve(K8S, dir)], {
    encoding: "utf8",
  });
  return parseAllDocuments(output).map((doc) => doc.toJS() as Manifest);
}

/** The base with the given components, as a cluster of one's own would assemble it. */
function renderWith(components: string[]): Manifest[] {
  const dir = mkdtempSync(path.join(tmpdir(), "cc-kustomize-"));
  try {
    const rel = (p: string) => path.relative(dir, path.join(K8S, p));
    writeFileSync(
      path.join(dir, "kustomization.yaml"),
      [
        "apiVersion: kustomize.config.k8s.io/v1beta1",
        "kind: Kustomization",
        `resources: [${rel("base")}]`,
        `components: [${components.map((c) => rel(`components/${c}`)).join(", ")}]`,
      ].join("\n"),
    );
    return render(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const find = (manifests: Manifest[], kind: string, name = "control-center") => {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the rendered manifests`);
  return found;
};

const ENV_NAMES = new Set(Object.keys(envSchema.shape));
const EXAMPLE_NAMES = new Set(
  [...readFileSync(path.join(ROOT, ".env.example"), "utf8").matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map(
    (m) => m[1]!,
  ),
);

const elf = render("overlays/elf");
const base = render("base");
const deployment = find(elf, "Deployment");
const pod = deployment.spec!.template.spec;
const container = pod.containers.find((c: { name: string }) => c.name === "control-center");
const config = find(elf, "ConfigMap", "control-center-config");
const secret = find(elf, "Secret", "control-center-secrets");

describe("rendered manifests", () => {
  it("every base variant and the ELF overlay render", () => {
    for (const dir of ["base", "overlays/elf"]) expect(render(dir).length).toBeGreaterThan(4);
    expect(base.map((m) => m.kind).sort()).toEqual(
      [
        "ConfigMap",
        "Deployment",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "Secret",
        "Service",
      ].sort(),
    );
  });

  it("routes through a Gateway API HTTPRoute to the Service, with WebSocket-long timeouts", () => {
    const withGateway = renderWith(["gateway-api"]);
    const route = find(withGateway, "HTTPRoute");
    const service = find(withGateway, "Service");
    expect(route.spec!.rules[0].backendRefs[0]).toMatchObject({
      name: service.metadata.name,
      port: service.spec!.ports[0].port,
    });
    expect(route.spec!.rules[0].timeouts.request).toBe("3600s");
  });

  it("passes only variables the app reads, each documented in .env.example", () => {
    const names = [...Object.keys(config.data ?? {}), ...Object.keys(secret.stringData ?? {})];
    names.push(...container.env.map((e: { name: string }) => e.name));
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      expect(ENV_NAMES.has(name), `${name} is not read by lib/env.ts`).toBe(true);
      expect(EXAMPLE_NAMES.has(name), `${name} is not in .env.example`).toBe(true);
    }
    // The ELF overlay shares Redis and reaches ELF's team servers where ELF deploys them.
    expect(config.data!.REDIS_URL).toBe("redis://control-center-redis:6379/0");
    expect(config.data!.TEAM_SERVER_URLS).toContain(
      "executive-team=http://executive-team-service.elf-teams",
    );
    expect(() => envSchema.parse(config.data)).not.toThrow();
  });

  it("serves on the port the app listens on, by name from the Service", () => {
    const port = container.ports.find((p: { name: string }) => p.name === "http");
    expect(port.containerPort).toBe(Number(config.data!.PORT));
    expect(port.containerPort).toBe(envSchema.parse({}).PORT);
    const service = find(elf, "Service");
    expect(service.spec!.ports[0].targetPort).toBe("http");
  });

  it("selects its own pods, and only them, in the Service, the budget and the autoscaler", () => {
    const podLabels = deployment.spec!.template.metadata.labels as Record<string, string>;
    const matches = (selector: Record<string, string>) =>
      Object.entries(selector).every(([k, v]) => podLabels[k] === v);
    expect(matches(find(elf, "Service").spec!.selector)).toBe(true);
    expect(matches(find(elf, "PodDisruptionBudget").spec!.selector.matchLabels)).toBe(true);
    expect(find(elf, "HorizontalPodAutoscaler").spec!.scaleTargetRef.name).toBe("control-center");
    const redisLabels = find(elf, "Deployment", "control-center-redis").spec!.template.metadata
      .labels as Record<string, string>;
    const service = find(elf, "Service").spec!.selector as Record<string, string>;
    expect(Object.entries(service).every(([k, v]) => redisLabels[k] === v)).toBe(false);
  });

  it("stops within the grace period, as ELF's namespace and ingress expect", () => {
    const preStop = Number(pod.containers[0].lifecycle.preStop.exec.command[1]);
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(
      SHUTDOWN_DEADLINE_MS + preStop * 1000,
    );
    for (const m of elf)
      if (m.kind !== "Namespace") expect(m.metadata.namespace).toBe("elf-system");
    const annotations = find(elf, "Ingress").metadata as { annotations?: Record<string, string> };
    expect(Number(annotations.annotations!["nginx.ingress.kubernetes.io/proxy-read-timeout"])).toBe(
      3600,
    );
    expect(annotations.annotations!["nginx.ingress.kubernetes.io/affinity"]).toBe("cookie");
  });

  it("runs as a user who is not root, with nothing to write outside its volumes", () => {
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    const mounts = container.volumeMounts.map((m: { mountPath: string }) => m.mountPath);
    expect(mounts).toEqual(expect.arrayContaining(["/data", "/app/.next/cache", "/tmp"]));
    expect(container.env).toContainEqual({ name: "DATA_DIR", value: "/data" });
  });
});

describe("the container image", () => {
  const dockerfile = readFileSync(path.join(ROOT, "Dockerfile"), "utf8");

  it("builds at image build time and runs the built server as a user who is not root", () => {
    expect(dockerfile).toMatch(/^RUN npm run build/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/server\/index\.js"\]$/m);
    expect(dockerfile).toMatch(/DATA_DIR=\/data/);
  });

  it("exposes the port the manifests use and checks the health route", () => {
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${config.data!.PORT}$`, "m"));
    expect(dockerfile).toMatch(/PORT=3000/);
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/api\/health/);
  });
});

describe("probes against the running server", () => {
  let db: TestDatabase;
  let app: AppProcess;

  beforeAll(async () => {
    db = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
    app = await startAppProcess(db.url);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it("answers every probe path of the Deployment with 200 once it serves", async () => {
    const paths = ["startupProbe", "livenessProbe", "readinessProbe"].map(
      (probe) => container[probe].httpGet.path as string,
    );
    expect(new Set(paths)).toEqual(new Set(["/api/health/live", "/api/health/ready"]));
    for (const probePath of paths) {
      const response = await fetch(`${app.url}${probePath}`);
      expect(response.status, probePath).toBe(200);
    }
    expect(await (await fetch(`${app.url}/api/health/ready`)).json()).toMatchObject({
      status: "ready",
      phase: "serving",
    });
  });

  it("stays live but stops being ready when its database goes away", async () => {
    const other = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
    const doomed = await startAppProcess(other.url);
    try {
      await other.drop();
      const ready = await fetch(`${doomed.url}/api/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: "not_ready",
        database: { status: "unreachable" },
      });
      expect((await fetch(`${doomed.url}/api/health/live`)).status).toBe(200);
    } finally {
      // Not a test of shutdown (test/http covers it): SIGKILL spares the wait for a pool whose
      // database is gone.
      await doomed.stop("SIGKILL");
    }
  });
});
