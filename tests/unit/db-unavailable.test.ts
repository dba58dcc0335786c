import { logger } from "@/lib/observability/log";
import { createHmac } from "node:crypto";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { createDb } from "@/lib/db";
import { databaseUnavailableResponse, isDatabaseUnavailable } from "@/lib/server/db-unavailable";
import { freePort } from "@/scripts/app-process";

// Route handlers read the request's headers through next/headers; outside Next we hand them over here.
const requestHeaders = vi.hoisted(() => ({ current: new Headers() }));
vi.mock("next/headers", () => ({
  headers: async () => requestHeaders.current,
  cookies: async () => ({ get: () => undefined, set: () => {} }),
}));

function pgError(code: string, message = "boom"): Error {
  return Object.assign(new Error(message), { code, severity: "FATAL" });
}

describe("isDatabaseUnavailable", () => {
  it.each([
    ["pg_terminate_backend / fast shutdown", pgError("57P01", "terminating connection due to administrator command")],
    ["crash shutdown", pgError("57P02")],
    ["starting up", pgError("57P03", "the database system is starting up")],
    ["too many connections", pgError("53300")],
    ["connection exception", pgError("08006")],
    ["connection does not exist", pgError("08003")],
    ["connection exception (class)", pgError("08000")],
    [
      "refused",
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", syscall: "connect" }),
    ],
    ["reset", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })],
    ["terminated", new Error("Connection terminated unexpectedly")],
    ["connect timeout", new Error("Connection terminated due to connection timeout")],
    ["pool timeout", new Error("timeout exceeded when trying to connect")],
    ["dead pooled client", new Error("Client has encountered a connection error and is not queryable")],
  ])("%s", (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it("looks through causes (better-auth wraps adapter errors) and AggregateError (dual-stack connect)", () => {
    const apiError = Object.assign(new Error("Failed to get session"), {
      status: "INTERNAL_SERVER_ERROR",
      cause: new Error("Connection terminated unexpectedly"),
    });
    expect(isDatabaseUnavailable(apiError)).toBe(true);
    const deep = new Error("outer", { cause: new Error("middle", { cause: pgError("57P03") }) });
    expect(isDatabaseUnavailable(deep)).toBe(true);
    const aggregate = new AggregateError(
      [Object.assign(new Error("connect ECONNREFUSED ::1:5432"), { code: "ECONNREFUSED" })],
      "",
    );
    expect(isDatabaseUnavailable(aggregate)).toBe(true);
  });

  it.each([
    ["unique violation", pgError("23505", "duplicate key value violates unique constraint")],
    ["undefined table", pgError("42P01")],
    ["plain bug", new TypeError("Cannot read properties of undefined")],
    ["auth error without a cause", Object.assign(new Error("Unauthorized"), { status: "UNAUTHORIZED" })],
    ["a string", "Connection terminated"],
    ["null", null],
    ["undefined", undefined],
  ])("not: %s", (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });

  it("survives a cause cycle", () => {
    const a: Error & { cause?: unknown } = new Error("a");
    const b = new Error("b", { cause: a });
    a.cause = b;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });

  it("answers 503 with Retry-After", async () => {
    const res = databaseUnavailableResponse();
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.json()).toEqual({ error: "unavailable" });
  });
});

/** A port nobody listens on (free a moment ago). */
const closedPort = freePort;

describe("real driver errors", () => {
  it("a refused connection is 'unavailable', and comes fast", async () => {
    const db = createDb(`postgres://postgres:x@127.0.0.1:${await closedPort()}/postgres`, { max: 1 });
    const t0 = Date.now();
    const err = await db
      .selectFrom("response")
      .select("id")
      .execute()
      .catch((e: unknown) => e);
    await db.destroy();
    expect(isDatabaseUnavailable(err)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(3_000);
  });

  it("a pooled connection cut mid-query fails that query, does not crash the process, and the pool recovers", async () => {
    const db = createDb(inject("dbServerUrl"), { max: 1, statementTimeoutMs: 10_000 });
    const admin = new pg.Client({ connectionString: inject("dbServerUrl") });
    await admin.connect();
    try {
      const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0]!.pid;
      const slow = sql`select pg_sleep(5)`.execute(db).catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 200));
      await admin.query("select pg_terminate_backend($1)", [pid]);
      const err = await slow;
      expect(isDatabaseUnavailable(err)).toBe(true);
      // The dead client was dropped: the one-connection pool answers again on a fresh connection.
      const again = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
      expect(again.rows[0]!.pid).not.toBe(pid);
    } finally {
      await admin.end();
      await db.destroy();
    }
  });
  it("a connection cut while a transaction waits between statements does not crash the process", async () => {
    const db = createDb(inject("dbServerUrl"), { max: 1 });
    const admin = new pg.Client({ connectionString: inject("dbServerUrl") });
    await admin.connect();
    try {
      const outcome = await db
        .transaction()
        .execute(async (trx) => {
          const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!.pid;
          await admin.query("select pg_terminate_backend($1)", [pid]);
          // The socket closes while no query is in flight: pg emits "error" on the checked-out client.
          await new Promise((r) => setTimeout(r, 300));
          await sql`select 1`.execute(trx);
        })
        .catch((e: unknown) => e);
      expect(isDatabaseUnavailable(outcome)).toBe(true);
      expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows[0]!.one).toBe(1);
    } finally {
      await admin.end();
      await db.destroy();
    }
  });
});

describe("routes while the database is away", () => {
  const secret = "unit-secret-unit-secret-unit-secret-0";
  const saved = {
    url: process.env.DATABASE_URL,
    secret: process.env.BETTER_AUTH_SECRET,
    authUrl: process.env.BETTER_AUTH_URL,
  };
  const holder = globalThis as unknown as { __db?: { destroy(): Promise<void> }; __auth?: unknown };

  beforeAll(async () => {
    delete holder.__db;
    delete holder.__auth;
    process.env.DATABASE_URL = `postgres://postgres:x@127.0.0.1:${await closedPort()}/postgres`;
    process.env.BETTER_AUTH_SECRET = secret;
    process.env.BETTER_AUTH_URL = "http://127.0.0.1:3000";
    vi.spyOn(logger, "warn").mockImplementation(() => {});
    vi.spyOn(logger, "error").mockImplementation(() => {});
  });
  afterAll(async () => {
    await holder.__db?.destroy();
    delete holder.__db;
    delete holder.__auth;
    vi.restoreAllMocks();
    for (const [key, value] of [
      ["DATABASE_URL", saved.url],
      ["BETTER_AUTH_SECRET", saved.secret],
      ["BETTER_AUTH_URL", saved.authUrl],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const post = (body: unknown, cookie?: string) =>
    new Request("http://127.0.0.1:3000/api/x", {
      method: "POST",
      headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });

  it("public submit answers 503 with Retry-After", async () => {
    const { POST } = await import("@/app/api/responses/route");
    const res = await POST(
      post({
        id: crypto.randomUUID(),
        survey: "LIN580",
        locale: "sv",
        answers: { "bg.gender": { kind: "choice", value: "woman" } },
      }),
    );
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.json()).toEqual({ error: "unavailable" });
  });

  it("ambassador sync answers 503 (not 401, not 500) when the session lookup cannot reach the database", async () => {
    const token = "unit-session-token";
    const signature = createHmac("sha256", secret).update(token).digest("base64");
    const cookie = `fb.session_token=${encodeURIComponent(`${token}.${signature}`)}`;
    requestHeaders.current = new Headers({ cookie });
    const { POST } = await import("@/app/api/ambassador/sync/route");
    const res = await POST(post({ interviews: [] }, cookie));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
  });

  it("health answers 503", async () => {
    const { GET } = await import("@/app/api/health/route");
    const res = await GET();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ database: "down" });
  });
});
