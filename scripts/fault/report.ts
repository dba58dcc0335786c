/** The figures of a run, and the verdict: every reason it failed, or none. */
import type { HealthSample } from "./chaos";
import type { Exchange, LoadStats } from "./load";
import type { FaultOptions } from "./options";
import type { Verification } from "./verify";

export type Timeline = {
  startedAt: number;
  appReadyAt?: number;
  loadStartedAt?: number;
  stopRequestedAt?: number;
  dbDownAt?: number;
  startRequestedAt?: number;
  dbUpAt?: number;
  loadEndedAt?: number;
  verifiedAt?: number;
};

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (n: number | undefined) => (n === undefined ? undefined : Math.round(n));

export function figures(input: {
  options: FaultOptions;
  timeline: Timeline;
  stats: LoadStats;
  health: HealthSample[];
  cuts: { rounds: number; terminated: number; missed: number };
  verification: Verification | null;
  app: { alive: boolean; unavailableLogged: number; idleClientErrors: number };
  batches: number;
}) {
  const { timeline: t, stats, health } = input;
  const all = stats.exchanges;
  const sorted = all.map((e) => e.ms).sort((a, b) => a - b);
  const success = (e: Exchange) => e.status === 200 || e.status === 201;

  // The outage as the clients saw it: from the stop until the first success of a request sent after the restart.
  const recoveredAt =
    t.dbUpAt !== undefined
      ? all.filter((e) => e.startedAt >= t.dbUpAt! && success(e)).reduce((m, e) => Math.min(m, e.endedAt), Infinity)
      : undefined;
  const inOutage = (e: Exchange) =>
    t.stopRequestedAt !== undefined &&
    e.endedAt >= t.stopRequestedAt &&
    e.endedAt <= (Number.isFinite(recoveredAt) ? recoveredAt! : Infinity);
  const outage503 = all.filter((e) => e.status === 503 && inOutage(e));
  const duringOutage = all.filter(
    (e) =>
      t.stopRequestedAt !== undefined &&
      t.dbUpAt !== undefined &&
      e.startedAt >= t.stopRequestedAt &&
      e.startedAt <= t.dbUpAt,
  );

  // ... and as the health check saw it.
  const healthDown =
    t.stopRequestedAt !== undefined ? health.find((s) => s.at >= t.stopRequestedAt! && s.status !== 200) : undefined;
  const healthUp =
    healthDown && t.dbUpAt !== undefined
      ? health.find((s) => s.at >= Math.max(t.dbUpAt!, healthDown.at) && s.status === 200)
      : undefined;
  const healthOutage = healthDown && healthUp ? health.filter((s) => s.at >= healthDown.at && s.at < healthUp.at) : [];

  return {
    mode: input.options.quick ? "quick" : "full",
    sent: {
      responses: input.options.responses,
      interviews: input.options.interviews,
      batches: input.batches,
      concurrency: input.options.concurrency,
    },
    stored: input.verification && {
      expected: input.verification.expected,
      found: input.verification.found,
      missing: input.verification.missing.length,
      createdByNoClient: input.verification.unexpected,
      wrongKind: input.verification.wrongKind.length,
      wrongAnswerRows: input.verification.wrongAnswerCount.length,
      talliedResponses: input.verification.tallied,
      totalResponses: input.verification.totalResponses,
    },
    clients: {
      confirmed: stats.confirmed.size,
      storedOnFirstOrLaterSend: [...stats.confirmed.values()].filter((v) => v === "stored").length,
      resentAndAcknowledgedAsStored: stats.acknowledged.public + stats.acknowledged.interview,
      "  of which public responses": stats.acknowledged.public,
      "  of which interviews": stats.acknowledged.interview,
      itemsRetried: stats.itemsRetried,
    },
    requests: {
      total: all.length,
      retries: all.length - (input.options.responses + input.batches),
      status503: stats.unavailable,
      status503DuringOutage: outage503.length,
      status503FromConnectionCuts: stats.unavailable - outage503.length,
      status5xxOther: stats.serverErrors,
      hangs: stats.hangs,
      slowerThanLimit: stats.slow,
      connectionErrors: stats.networkErrors,
    },
    latencyMs: {
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted[sorted.length - 1] ?? 0),
      maxOfRequestsSentDuringOutage: round(duringOutage.reduce((m, e) => Math.max(m, e.ms), 0)),
      maxOf503: round(all.filter((e) => e.status === 503).reduce((m, e) => Math.max(m, e.ms), 0)),
      maxHealthCheck: round(health.reduce((m, s) => Math.max(m, s.ms), 0)),
      // The three slowest answers, with when they were sent relative to the database stop.
      slowest: [...all]
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 3)
        .map(
          (e) =>
            `${Math.round(e.ms)} ms ${e.kind} ${e.status || "no answer"} sent at stop${e.startedAt >= (t.stopRequestedAt ?? 0) ? "+" : ""}${t.stopRequestedAt !== undefined ? e.startedAt - t.stopRequestedAt : "?"} ms`,
        )
        .join("; "),
    },
    outageMs: {
      stopTook:
        t.dbDownAt !== undefined && t.stopRequestedAt !== undefined ? t.dbDownAt - t.stopRequestedAt : undefined,
      databaseDown: t.dbUpAt !== undefined && t.dbDownAt !== undefined ? t.dbUpAt - t.dbDownAt : undefined,
      stopRequestedToReady:
        t.dbUpAt !== undefined && t.stopRequestedAt !== undefined ? t.dbUpAt - t.stopRequestedAt : undefined,
      healthAnswered503For: healthDown && healthUp ? healthUp.at - healthDown.at : undefined,
      healthChecksDuringOutage: healthOutage.length,
      healthChecksNot503DuringOutage: healthOutage.filter((s) => s.status !== 503).length,
      clientsSaw503For: outage503.length
        ? outage503[outage503.length - 1]!.endedAt - Math.min(...outage503.map((e) => e.endedAt))
        : 0,
      firstSuccessAfterRestart:
        recoveredAt !== undefined && Number.isFinite(recoveredAt) ? recoveredAt - t.dbUpAt! : undefined,
      healthUpAfterRestart: healthUp && t.dbUpAt !== undefined ? healthUp.at - t.dbUpAt : undefined,
    },
    connectionCuts: input.cuts,
    app: {
      restarted: false,
      stillRunning: input.app.alive,
      loggedUnavailable: input.app.unavailableLogged,
      loggedIdleClientErrors: input.app.idleClientErrors,
    },
    timeMs: {
      setup: t.loadStartedAt !== undefined ? t.loadStartedAt - t.startedAt : undefined,
      load: t.loadEndedAt !== undefined && t.loadStartedAt !== undefined ? t.loadEndedAt - t.loadStartedAt : undefined,
      verify: t.verifiedAt !== undefined && t.loadEndedAt !== undefined ? t.verifiedAt - t.loadEndedAt : undefined,
      total: Date.now() - t.startedAt,
    },
  };
}

export type Figures = ReturnType<typeof figures>;

/** Every reason the run failed; empty means it passed. */
export function verdict(f: Figures, stats: LoadStats, verification: Verification | null, timeline: Timeline): string[] {
  const problems: string[] = [];
  if (!verification) problems.push("the database could not be checked at the end");
  else {
    if (verification.missing.length)
      problems.push(
        `${verification.missing.length} responses lost (e.g. ${verification.missing.slice(0, 3).join(", ")})`,
      );
    if (verification.unexpected !== 0)
      problems.push(`${verification.unexpected} responses stored that no client sent (duplicates)`);
    if (verification.wrongKind.length)
      problems.push(
        `${verification.wrongKind.length} responses stored with the wrong mode/ambassador (e.g. ${verification.wrongKind[0]})`,
      );
    if (verification.wrongAnswerCount.length)
      problems.push(
        `${verification.wrongAnswerCount.length} responses with missing answers (e.g. ${verification.wrongAnswerCount[0]})`,
      );
    if (verification.tallied !== verification.published)
      problems.push(
        `dashboard tallies count ${verification.tallied} responses, ${verification.published} were published`,
      );
    if (verification.fullPoolsLeft)
      problems.push(
        `${verification.fullPoolsLeft} pools of k or more responses left unpublished by the publication job`,
      );
  }
  if (stats.confirmed.size !== (verification?.expected ?? -1))
    problems.push(`${(verification?.expected ?? 0) - stats.confirmed.size} clients never got a success`);
  if (stats.serverErrors) problems.push(`${stats.serverErrors} answers with a 5xx other than 503`);
  if (stats.hangs) problems.push(`${stats.hangs} requests hung (no answer within the timeout)`);
  if (stats.slow) problems.push(`${stats.slow} answers slower than the limit`);
  if (stats.failureCount)
    problems.push(`${stats.failureCount} client failures, first: ${stats.failures.slice(0, 5).join(" | ")}`);
  if (timeline.dbUpAt === undefined) problems.push("the database was not stopped and started during the load");
  else {
    if (!f.requests.status503DuringOutage) problems.push("no client saw a 503 while the database was away");
    if (f.outageMs.healthAnswered503For === undefined)
      problems.push("the health check never showed the outage, or never recovered");
    if (f.outageMs.healthChecksNot503DuringOutage)
      problems.push(
        `${f.outageMs.healthChecksNot503DuringOutage} health checks during the outage answered something other than 503`,
      );
    if (f.outageMs.firstSuccessAfterRestart === undefined) problems.push("no request succeeded after the restart");
  }
  if (!f.app.stillRunning) problems.push("the app process died during the run");
  return problems;
}

export function printFigures(f: Figures): void {
  const lines: string[] = [];
  const section = (title: string, values: Record<string, unknown> | null) => {
    if (!values) return;
    lines.push(`  ${title}:`);
    for (const [k, v] of Object.entries(values)) lines.push(`    ${k.padEnd(34)} ${v === undefined ? "-" : String(v)}`);
  };
  lines.push(`[fault] figures (${f.mode} run)`);
  section("sent", f.sent);
  section("stored (counted in the database)", f.stored);
  section("clients", f.clients);
  section("requests", f.requests);
  section("latency (ms)", f.latencyMs);
  section("database outage (ms)", f.outageMs);
  section("connection cuts", f.connectionCuts);
  section("app", f.app);
  section("time (ms)", f.timeMs);
  console.log(lines.join("\n"));
}
