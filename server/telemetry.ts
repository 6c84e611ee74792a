// OpenTelemetry traces, only when an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT, as
// every OpenTelemetry SDK reads it). Registering a global tracer provider is enough for Next's own
// request and render spans; the chat relay adds its own through @opentelemetry/api. Without the
// variable nothing is loaded.
import type { Logger } from "pino";
import type { Env } from "@/lib/env";

export async function startTelemetry(env: Env, logger: Logger): Promise<() => Promise<void>> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return async () => {};
  const [{ NodeSDK }, { OTLPTraceExporter }] = await Promise.all([
    import("@opentelemetry/sdk-node"),
    import("@opentelemetry/exporter-trace-otlp-http"),
  ]);
  // The SDK reads the OTEL_* variables itself (endpoint, headers, sampler, batch delays).
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME,
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [],
  });
  sdk.start();
  logger.info(
    { endpoint: new URL(env.OTEL_EXPORTER_OTLP_ENDPOINT).origin, service: env.OTEL_SERVICE_NAME },
    "sending traces over OTLP",
  );
  return () => sdk.shutdown();
}
