/**
 * "The database is away": a restart, a cut connection, a full pool. Such errors are the client's cue to try
 * again shortly (503 with Retry-After), never a 500 and never a 401. Everything else stays a real error.
 */
import { errorFields, logger } from "@/lib/observability/log";
import { count } from "@/lib/observability/metrics";

/** PostgreSQL SQLSTATEs that mean the server went away or cannot take us right now. */
const UNAVAILABLE_SQLSTATES = new Set([
  "57P01", // admin_shutdown: pg_terminate_backend, or a fast shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up or shutting down
  "53300", // too_many_connections
]);
/** Class 08 is "connection exception": 08000, 08001, 08003, 08004, 08006 ... */
const CONNECTION_EXCEPTION_CLASS = "08";

/** Socket errors on the way to the database. */
const UNAVAILABLE_SYSCALL_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

/** pg and pg-pool say it in words only. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/i, // "... unexpectedly", "... due to connection timeout"
  /timeout exceeded when trying to connect/i, // pg-pool: no client within connectionTimeoutMillis
  /is not queryable/i, // a pooled client whose connection already died
  /^Query read timeout/i,
];

function matchesOne(err: unknown): boolean {
  if (!err || typeof err !== "object") return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === "string") {
    if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SYSCALL_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && code.startsWith(CONNECTION_EXCEPTION_CLASS)) return true;
  }
  return typeof message === "string" && UNAVAILABLE_MESSAGES.some((re) => re.test(message));
}

/**
 * Whether an error (or what it wraps: `cause`, AggregateError's `errors`, as better-auth and Node's
 * dual-stack connect wrap them) says the database is unreachable for now.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length && seen.size < 20) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    if (matchesOne(e)) return true;
    const { cause, errors } = e as { cause?: unknown; errors?: unknown };
    if (cause) queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return false;
}

/** Seconds a client should wait before sending again. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The answer while the database is away: 503, try again in a few seconds, never cached. */
export const DATABASE_UNAVAILABLE = {
  status: 503,
  body: { error: "unavailable" },
  headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS), "Cache-Control": "no-store" },
} as const;

/** DATABASE_UNAVAILABLE as a route handler's Response. */
export function databaseUnavailableResponse(): Response {
  return Response.json(DATABASE_UNAVAILABLE.body, {
    status: DATABASE_UNAVAILABLE.status,
    headers: DATABASE_UNAVAILABLE.headers,
  });
}

/** One log line for an expected outage (a restart floods the log otherwise); the whole error for anything else. */
export function logDatabaseError(label: string, err: unknown): void {
  if (isDatabaseUnavailable(err)) {
    const e = err as { code?: unknown; message?: unknown; cause?: { message?: unknown } };
    count("unavailable_total");
    logger.warn(
      `${label} database unavailable: ${String(e?.code ?? "")} ${String(e?.message ?? err)}${e?.cause?.message ? ` (${String(e.cause.message)})` : ""}`.trim(),
    );
  } else {
    logger.error(errorFields(err), `${label} failed`);
  }
}
