/**
 * The bench's own embedded PostgreSQL (never the developer's .data/postgres): made fresh in its own folder,
 * restarted with bulk-load settings for the dashboard phase, stopped, and checked for leftover processes.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { type EmbeddedServer, startEmbedded, urlFor } from "@/lib/db/embedded";

export type BenchPostgres = { server: EmbeddedServer; dataDir: string; postmasterPids: number[] };

function postmasterPid(dataDir: string): number | null {
  const file = path.join(dataDir, "postmaster.pid");
  if (!existsSync(file)) return null;
  return Number(readFileSync(file, "utf8").split("\n")[0]) || null;
}

/** A fresh cluster in dataDir (anything there is wiped first). Refuses to touch a running server. */
export async function freshCluster(dataDir: string, port: number): Promise<BenchPostgres> {
  const running = postmasterPid(dataDir);
  if (running && alive(running))
    throw new Error(`a PostgreSQL server (pid ${running}) is running on ${dataDir}: is another bench running?`);
  rmSync(dataDir, { recursive: true, force: true });
  const server = await startEmbedded({ dataDir, port, quiet: true });
  return { server, dataDir, postmasterPids: [postmasterPid(dataDir)].filter((p): p is number => p !== null) };
}

/** Stops and starts the server on its existing data; the time the start took. */
export async function restart(bench: BenchPostgres, port: number): Promise<number> {
  await bench.server.stop();
  const t0 = performance.now();
  bench.server = await startEmbedded({ dataDir: bench.dataDir, port, quiet: true });
  const took = performance.now() - t0;
  const pid = postmasterPid(bench.dataDir);
  if (pid) bench.postmasterPids.push(pid);
  return took;
}

export async function adminQuery(bench: BenchPostgres, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: urlFor(bench.server.port) });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

export const databaseUrl = (bench: BenchPostgres, database: string) => urlFor(bench.server.port, database);

/**
 * For the bulk load of synthetic responses: no WAL for tables filled in the transaction that truncated them,
 * no checkpoint in the middle, and no autovacuum pass over the fresh tables while the dashboards are timed
 * (the load analyzes them itself). Server settings of this throwaway cluster only; the schema is untouched.
 */
export async function applyBulkLoadSettings(bench: BenchPostgres, port: number): Promise<void> {
  for (const setting of ["wal_level = 'minimal'", "max_wal_senders = 0", "max_wal_size = '8GB'", "autovacuum = off"]) {
    await adminQuery(bench, `alter system set ${setting}`);
  }
  await restart(bench, port);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Processes left from this cluster: its postmasters, their children, or anything naming its data folder. */
export function leftovers(bench: BenchPostgres): { pid: number; cmd: string }[] {
  const out: { pid: number; cmd: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim();
      if (bench.postmasterPids.includes(pid) || bench.postmasterPids.includes(ppid) || cmd.includes(bench.dataDir))
        out.push({ pid, cmd });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Stops the server; kills (by pid) whatever of it is still there after that. */
export async function stopCluster(bench: BenchPostgres): Promise<{ pid: number; cmd: string }[]> {
  await bench.server.stop().catch(() => {});
  for (let i = 0; i < 50 && leftovers(bench).length; i++) await new Promise((r) => setTimeout(r, 100));
  const left = leftovers(bench);
  for (const p of left) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // gone
    }
  }
  return left;
}
