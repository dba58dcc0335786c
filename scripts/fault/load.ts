/**
 * The clients: a fixed number of workers, each taking the next piece of work and sending the same request
 * until it succeeds: a 503 waits as Retry-After says (capped), a cut or timed-out request is sent again. Every
 * answer is recorded (status, latency, time) for the figures; anything a client must never see is a failure.
 */
import type { FaultOptions } from "./options";
import type { WorkItem } from "./payloads";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One answer (or non-answer) as a client saw it. status 0: no answer (connection error or timeout). */
export type Exchange = { kind: WorkItem["kind"]; startedAt: number; endedAt: number; ms: number; status: number };

export class LoadStats {
  readonly exchanges: Exchange[] = [];
  readonly failures: string[] = [];
  failureCount = 0;
  hangs = 0;
  slow = 0;
  networkErrors = 0;
  serverErrors = 0;
  unavailable = 0;
  /** Pieces of work that needed more than one request. */
  itemsRetried = 0;
  /** A resend answered "already stored": the earlier request had stored it, but its answer was lost. */
  readonly acknowledged = { public: 0, interview: 0 };
  storedOnResend = 0;
  /** Per response id: how the client last heard of it. */
  readonly confirmed = new Map<string, "stored" | "acknowledged">();
  storedResponses = 0;

  fail(message: string): void {
    this.failureCount++;
    if (this.failures.length < 40) this.failures.push(message);
  }
}

export type LoadContext = {
  baseUrl: string;
  cookie: string;
  options: FaultOptions;
  stats: LoadStats;
  random: () => number;
  /** Called whenever responses are confirmed, with the running total. */
  onStored: (total: number) => void;
  /** Set to stop handing out work (deadline reached, or the run is being torn down). */
  halt: { now: boolean };
};

function retryDelay(ctx: LoadContext, retryAfter: string | null): number {
  const seconds = Number(retryAfter);
  const wanted = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 500;
  // Jitter, so the clients do not come back in lockstep.
  return Math.min(wanted, ctx.options.retryCapMs) * (0.5 + ctx.random() * 0.5);
}

type BatchResult = {
  id: string | null;
  status: "stored" | "duplicate" | "refused";
  reason?: string;
  details?: unknown;
};

async function sendUntilDone(item: WorkItem, ctx: LoadContext): Promise<void> {
  const { stats, options } = ctx;
  const url = `${ctx.baseUrl}${item.kind === "public" ? "/api/responses" : "/api/ambassador/sync"}`;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (item.kind === "batch") headers.cookie = ctx.cookie;
  const label =
    item.kind === "public" ? `response ${item.ids[0]}` : `batch #${item.index} (${item.ids.length} interviews)`;
  const begun = Date.now();

  for (let attempt = 1; ; attempt++) {
    if (Date.now() - begun > options.giveUpMs) {
      stats.fail(`${label}: gave up after ${attempt - 1} attempts in ${Date.now() - begun} ms`);
      return;
    }
    if (ctx.halt.now) {
      stats.fail(`${label}: not stored when the run was halted`);
      return;
    }
    if (attempt === 2) stats.itemsRetried++;
    const startedAt = Date.now();
    const t0 = performance.now();
    let status = 0;
    let text = "";
    let retryAfter: string | null = null;
    try {
      const res = await fetch(url, {
        method: "POST",
        headers,
        body: item.body,
        signal: AbortSignal.timeout(options.requestTimeoutMs),
      });
      text = await res.text();
      status = res.status;
      retryAfter = res.headers.get("retry-after");
    } catch (err) {
      const ms = performance.now() - t0;
      const name = (err as { name?: string }).name;
      stats.exchanges.push({ kind: item.kind, startedAt, endedAt: Date.now(), ms, status: 0 });
      if (name === "TimeoutError" || name === "AbortError") {
        stats.hangs++;
        stats.fail(`${label}: no answer within ${options.requestTimeoutMs} ms (hang)`);
      } else {
        stats.networkErrors++;
      }
      await sleep(200 + ctx.random() * 300);
      continue;
    }
    const ms = performance.now() - t0;
    stats.exchanges.push({ kind: item.kind, startedAt, endedAt: Date.now(), ms, status });
    if (ms > options.slowMs) {
      stats.slow++;
      stats.fail(`${label}: answer ${status} took ${Math.round(ms)} ms (> ${options.slowMs} ms)`);
    }
    if (status === 503) {
      stats.unavailable++;
      await sleep(retryDelay(ctx, retryAfter));
      continue;
    }
    if (status >= 500) {
      stats.serverErrors++;
      stats.fail(`${label}: ${status} ${text.slice(0, 200)}`);
      await sleep(retryDelay(ctx, retryAfter));
      continue;
    }

    if (item.kind === "public") {
      const id = item.ids[0];
      if (status === 201) {
        stats.confirmed.set(id, "stored");
        if (attempt > 1) stats.storedOnResend++;
      } else if (status === 200 && attempt > 1) {
        stats.confirmed.set(id, "acknowledged");
        stats.acknowledged.public++;
      } else {
        stats.fail(`${label}: ${status} on attempt ${attempt}: ${text.slice(0, 300)}`);
        return;
      }
      stats.storedResponses++;
      ctx.onStored(stats.storedResponses);
      return;
    }

    // A sync batch: 200 with one outcome per interview.
    let results: BatchResult[] | null = null;
    try {
      results = status === 200 ? ((JSON.parse(text) as { results?: BatchResult[] }).results ?? null) : null;
    } catch {
      results = null;
    }
    if (!results || results.length !== item.ids.length) {
      stats.fail(`${label}: ${status} on attempt ${attempt}: ${text.slice(0, 300)}`);
      return;
    }
    let ok = 0;
    results.forEach((r, k) => {
      const id = item.ids[k]!;
      if (r.id !== id) stats.fail(`${label}: outcome ${k} is for ${r.id}, expected ${id}`);
      else if (r.status === "stored") {
        stats.confirmed.set(id, "stored");
        if (attempt > 1) stats.storedOnResend++;
        ok++;
      } else if (r.status === "duplicate" && attempt > 1) {
        stats.confirmed.set(id, "acknowledged");
        stats.acknowledged.interview++;
        ok++;
      } else
        stats.fail(
          `${label}: interview ${id} ${r.status}${r.reason ? ` (${r.reason})` : ""} on attempt ${attempt}: ${JSON.stringify(r.details ?? null).slice(0, 300)}`,
        );
    });
    stats.storedResponses += ok;
    ctx.onStored(stats.storedResponses);
    return;
  }
}

/** Runs all work with `concurrency` clients; resolves when every piece is done (or abandoned). */
export async function runLoad(items: WorkItem[], ctx: LoadContext): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (!ctx.halt.now) {
      const item = items[next++];
      if (!item) return;
      await sendUntilDone(item, ctx);
    }
  };
  await Promise.all(Array.from({ length: Math.min(ctx.options.concurrency, items.length) }, worker));
  // Work never handed out (halted early) is lost work.
  for (const item of items.slice(next)) ctx.stats.fail(`${item.kind} #${item.index}: never sent (run halted)`);
}
