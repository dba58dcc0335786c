/**
 * A small closed-loop load generator: `concurrency` clients, each sending its next request as soon as the
 * last one is answered, over keep-alive connections, until `total` requests are done or `maxMs` has passed.
 * Loopback only (the bench refuses any other host).
 */
import http from "node:http";

export type LoadRequest = {
  method: "GET" | "POST";
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
};
export type LoadResult = {
  sent: number;
  ok: number;
  errors: number;
  /** Status code (or "network") to count, for everything that was not 2xx. */
  errorKinds: Record<string, number>;
  durationMs: number;
  perSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Response bodies of the first few errors, for the report. */
  samples: string[];
  /** The slowest requests, with when they were sent (ms into the run): a stall shows as many at the same moment. */
  slowest: { atMs: number; ms: number }[];
};

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Keep-alive connections for `concurrency` clients. */
export function loadAgent(concurrency: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
}

function assertLoopback(url: URL) {
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname))
    throw new Error(`the bench only loads loopback addresses, not ${url.hostname}`);
}

export async function runLoad(options: {
  baseUrl: string;
  concurrency: number;
  total: number;
  maxMs: number;
  request: (i: number) => LoadRequest;
  /** Called with each answer (status and body), e.g. to collect ids. */
  onResponse?: (i: number, status: number, body: string) => void;
  /**
   * The clients' connections, to keep them from a warm-up run to the measured one (then not closed here): the
   * measured run starts in steady state, not with every client opening its connection at the same moment.
   */
  agent?: http.Agent;
}): Promise<LoadResult> {
  const base = new URL(options.baseUrl);
  assertLoopback(base);
  const agent = options.agent ?? loadAgent(options.concurrency);
  const latencies: number[] = [];
  const sentAt: number[] = [];
  const errorKinds: Record<string, number> = {};
  const samples: string[] = [];
  let next = 0;
  let ok = 0;
  let errors = 0;
  const t0 = performance.now();
  const deadline = t0 + options.maxMs;

  const send = (i: number) =>
    new Promise<{ status: number; body: string }>((resolve) => {
      const r = options.request(i);
      const body = r.body === undefined ? undefined : typeof r.body === "string" ? Buffer.from(r.body) : r.body;
      const req = http.request(
        {
          agent,
          host: base.hostname.replace(/^\[|\]$/g, ""),
          port: base.port,
          method: r.method,
          path: r.path,
          headers: {
            ...(body ? { "content-type": "application/json", "content-length": String(body.length) } : {}),
            ...r.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", () => resolve({ status: 0, body: "response error" }));
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error("timeout")));
      req.on("error", (e) => resolve({ status: 0, body: String(e) }));
      req.end(body);
    });

  const client = async () => {
    while (next < options.total && performance.now() < deadline) {
      const i = next++;
      const started = performance.now();
      const { status, body } = await send(i);
      latencies.push(performance.now() - started);
      sentAt.push(started - t0);
      if (status >= 200 && status < 300) ok++;
      else {
        errors++;
        const kind = status ? String(status) : "network";
        errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
        if (samples.length < 3) samples.push(`${kind}: ${body.slice(0, 300)}`);
      }
      options.onResponse?.(i, status, body);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const durationMs = performance.now() - t0;
  if (!options.agent) agent.destroy();
  return summarize({ latencies, sentAt, ok, errors, errorKinds, samples, durationMs });
}

/** The same closed loop for work done in this process (the direct PostgreSQL writes of "the limit"). */
export async function runLocal(options: {
  concurrency: number;
  total: number;
  maxMs: number;
  work: (i: number) => Promise<void>;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  const sentAt: number[] = [];
  const errorKinds: Record<string, number> = {};
  const samples: string[] = [];
  let next = 0;
  let ok = 0;
  let errors = 0;
  const t0 = performance.now();
  const deadline = t0 + options.maxMs;
  const worker = async () => {
    while (next < options.total && performance.now() < deadline) {
      const i = next++;
      const started = performance.now();
      sentAt.push(started - t0);
      try {
        await options.work(i);
        ok++;
      } catch (err) {
        errors++;
        const kind = (err as { code?: string }).code ?? "error";
        errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
        if (samples.length < 3) samples.push(String(err).slice(0, 300));
      }
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const durationMs = performance.now() - t0;
  return summarize({ latencies, sentAt, ok, errors, errorKinds, samples, durationMs });
}

function summarize(r: {
  latencies: number[];
  sentAt: number[];
  ok: number;
  errors: number;
  errorKinds: Record<string, number>;
  samples: string[];
  durationMs: number;
}): LoadResult {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  const slowest = r.latencies
    .map((ms, i) => ({ atMs: Math.round(r.sentAt[i]!), ms: round(ms) }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 10);
  return {
    sent: sorted.length,
    ok: r.ok,
    errors: r.errors,
    errorKinds: r.errorKinds,
    durationMs: Math.round(r.durationMs),
    perSecond: round(r.ok / (r.durationMs / 1000)),
    latencyMs: {
      p50: round(percentile(sorted, 50)),
      p90: round(percentile(sorted, 90)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted[sorted.length - 1] ?? 0),
      mean: round(sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1)),
    },
    samples: r.samples,
    slowest,
  };
}
