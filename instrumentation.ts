/**
 * Runs once when a server instance starts (Next.js instrumentation). Node.js only:
 * - tracing with OpenTelemetry, off unless OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_TRACES_EXPORTER=otlp) is set: spans
 *   of requests, rendering and fetches, exported over OTLP/HTTP to the operator's collector (@vercel/otel reads the
 *   standard OTEL_* variables). Span names and attributes are routes, never answers or addresses;
 * - the scheduled jobs on PostgreSQL (lib/jobs), unless JOBS=off;
 * - a check that the database schema is what this build needs (migrations are a release step).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_TRACES_EXPORTER === "otlp") {
    const { registerOTel } = await import("@vercel/otel");
    registerOTel({ serviceName: process.env.OTEL_SERVICE_NAME ?? "nyanlandas-rost" });
  }
  const { startInstance } = await import("@/lib/server/startup");
  await startInstance();
}
