/** What one fault run does: the full run (issue #8) or the CI-sized one (--quick), each figure overridable. */
export type FaultOptions = {
  quick: boolean;
  /** Responses sent one by one through POST /api/responses. */
  responses: number;
  /** Interviews sent through POST /api/ambassador/sync, in batches of `batchSize`. */
  interviews: number;
  batchSize: number;
  /** Simultaneous clients. */
  concurrency: number;
  /** The database is stopped when this share of all responses is stored ... */
  outageAt: number;
  /** ... and started again this long after it has stopped. */
  downtimeMs: number;
  /** Random connection cuts: every cutMinMs..cutMaxMs, each app connection with probability cutShare. */
  cutMinMs: number;
  cutMaxMs: number;
  cutShare: number;
  /** A request with no answer after this long is a hang (a failure); it is then abandoned and sent again. */
  requestTimeoutMs: number;
  /** Any answer slower than this is a failure too ("no request hangs longer than 10 s"). */
  slowMs: number;
  /** The longest a client waits after a 503 (Retry-After says 5 s; a client in a hurry caps it). */
  retryCapMs: number;
  /** A client that has not succeeded after this long gives up: that response is lost (a failure). */
  giveUpMs: number;
  /** The whole load phase must end within this. */
  loadDeadlineMs: number;
  /** Deterministic answers (the ids are random per run). */
  seed: number;
};

const FULL: Omit<FaultOptions, "quick"> = {
  responses: 5000,
  interviews: 1000,
  batchSize: 5,
  concurrency: 32,
  outageAt: 0.4,
  downtimeMs: 5000,
  cutMinMs: 300,
  cutMaxMs: 1500,
  cutShare: 0.5,
  requestTimeoutMs: 15_000,
  slowMs: 10_000,
  retryCapMs: 1000,
  giveUpMs: 120_000,
  loadDeadlineMs: 900_000,
  seed: 20260808,
};

const QUICK: Omit<FaultOptions, "quick"> = {
  ...FULL,
  responses: 500,
  interviews: 100,
  concurrency: 24,
  downtimeMs: 3000,
  cutMinMs: 250,
  cutMaxMs: 1000,
  giveUpMs: 60_000,
  loadDeadlineMs: 90_000,
};

const NUMERIC: Record<string, keyof Omit<FaultOptions, "quick">> = {
  "--responses": "responses",
  "--interviews": "interviews",
  "--batch": "batchSize",
  "--concurrency": "concurrency",
  "--downtime-ms": "downtimeMs",
  "--seed": "seed",
};

export const USAGE = `npm run fault [-- --quick] [--responses N] [--interviews N] [--batch N] [--concurrency N] [--downtime-ms MS] [--seed N]`;

export function parseOptions(argv: string[]): FaultOptions {
  const quick = argv.includes("--quick");
  const options: FaultOptions = { quick, ...(quick ? QUICK : FULL) };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--quick") continue;
    if (arg === "--help" || arg === "-h") throw new Error(USAGE);
    const [flag, inline] = arg.split("=", 2) as [string, string | undefined];
    const key = NUMERIC[flag];
    if (!key) throw new Error(`Unknown option ${arg}\n${USAGE}`);
    const raw = inline ?? argv[++i];
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${flag} needs a number, got ${raw}`);
    options[key] = value;
  }
  if (options.batchSize < 1 || options.batchSize > 50)
    throw new Error("--batch must be 1..50 (the sync endpoint takes at most 50)");
  if (options.concurrency < 1) throw new Error("--concurrency must be at least 1");
  return options;
}
