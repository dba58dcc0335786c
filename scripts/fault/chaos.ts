/**
 * The faults besides the restart: an admin connection that, at random intervals, terminates a random share of
 * the app's connections (pg_terminate_backend), and a probe that watches /api/health throughout.
 */
import pg from "pg";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ConnectionCutter {
  private client: pg.Client | null = null;
  private stopped = false;
  private done: Promise<void> | null = null;
  paused = false;
  /** Rounds in which the cutter reached the server, and connections it ended. */
  rounds = 0;
  terminated = 0;
  /** Rounds in which it could not (the server was away). */
  missed = 0;

  constructor(
    private readonly url: string,
    private readonly database: string,
    private readonly options: { minMs: number; maxMs: number; share: number },
    private readonly random: () => number,
  ) {}

  start(): void {
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({
      connectionString: this.url,
      connectionTimeoutMillis: 2000,
      application_name: "fault-cutter",
    });
    // A restart ends this connection too; the next round makes a new one.
    client.on("error", () => {
      if (this.client === client) this.client = null;
    });
    await client.connect();
    this.client = client;
    return client;
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      await sleep(this.options.minMs + this.random() * (this.options.maxMs - this.options.minMs));
      if (this.stopped || this.paused) continue;
      try {
        const client = await this.connection();
        const { rows } = await client.query<{ n: number }>(
          `select count(*) filter (where ended)::int as n from (
             select pg_terminate_backend(pid) as ended from pg_stat_activity
             where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend' and random() < $2) cut`,
          [this.database, this.options.share],
        );
        this.rounds++;
        this.terminated += rows[0]?.n ?? 0;
      } catch {
        this.missed++;
        await this.drop();
      }
    }
    await this.drop();
  }
}

export type HealthSample = { at: number; status: number; ms: number };

export class HealthProbe {
  readonly samples: HealthSample[] = [];
  private stopped = false;
  private done: Promise<void> | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly intervalMs = 200,
    private readonly timeoutMs = 15_000,
  ) {}

  start(): void {
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const t0 = performance.now();
      let status = 0;
      try {
        const res = await fetch(`${this.baseUrl}/api/health`, { signal: AbortSignal.timeout(this.timeoutMs) });
        await res.arrayBuffer();
        status = res.status;
      } catch {
        status = 0; // no answer (or no answer in time)
      }
      this.samples.push({ at: Date.now(), status, ms: performance.now() - t0 });
      await sleep(this.intervalMs);
    }
  }
}
