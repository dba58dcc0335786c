/**
 * The fault run's own PostgreSQL: embedded, in .data/fault-postgres (wiped first), migrated and seeded with the
 * demo region, surveys and users but no responses. It can be stopped and started again on the same port, so the
 * app's DATABASE_URL stays valid across the restart.
 */
import { rmSync } from "node:fs";
import { createDb } from "@/lib/db";
import { type EmbeddedServer, startEmbedded, urlFor } from "@/lib/db/embedded";
import { prepareDatabase } from "@/lib/db/prepare";
import { seedDatabase } from "@/lib/seed";

export class FaultDatabase {
  private server: EmbeddedServer | null = null;
  private portInUse: number;

  constructor(
    readonly dataDir: string,
    preferredPort: number,
  ) {
    this.portInUse = preferredPort;
  }

  get port(): number {
    return this.portInUse;
  }

  get url(): string {
    return urlFor(this.portInUse);
  }

  get running(): boolean {
    return this.server !== null;
  }

  /** A new server on an empty data directory, migrated and seeded (no responses). */
  async createFresh(log: (m: string) => void): Promise<void> {
    rmSync(this.dataDir, { recursive: true, force: true });
    const server = await startEmbedded({ dataDir: this.dataDir, port: this.portInUse, quiet: true });
    if (!server.startedHere) throw new Error(`a PostgreSQL server is already running on ${this.dataDir}`);
    this.server = server;
    this.portInUse = server.port;
    await prepareDatabase(this.url, { seed: "never", log });
    const db = createDb(this.url, { max: 2 });
    try {
      await seedDatabase(db, { responses: 0 });
    } finally {
      await db.destroy();
    }
  }

  /** Fast shutdown (what `pg_ctl stop` does): every backend is terminated, new connections are refused. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    await server?.stop();
  }

  /** The same data directory on the same port again. */
  async start(): Promise<void> {
    if (this.server) return;
    const server = await startEmbedded({ dataDir: this.dataDir, port: this.portInUse, quiet: true });
    if (server.port !== this.portInUse) {
      if (server.startedHere) await server.stop();
      throw new Error(`PostgreSQL came back on port ${server.port} instead of ${this.portInUse}`);
    }
    this.server = server;
  }
}
