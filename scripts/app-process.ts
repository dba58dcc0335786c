/**
 * The app as the bench, the fault run and the browser tests start it: the production build's standalone server
 * (`node .next/standalone/server.js`, what `npm start` runs) as a child process in its own process group, on a
 * loopback port, with the last lines it printed kept for a failure report (and everything it printed in a log file,
 * if asked). Its database must be migrated first (lib/db/prepare.ts), as a release would.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import net from "node:net";
import path from "node:path";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export type StartOptions = {
  /** Added to this process's environment (PORT is set from the port). */
  env: Record<string, string>;
  /** Everything the app prints also goes to this file. */
  logFile?: string;
  /** Called with each line the app prints. */
  onLine?: (line: string) => void;
  /** Node options (such as --cpu-prof). */
  nodeArgs?: string[];
};

export class AppProcess {
  private child: ChildProcess | null = null;
  private log: WriteStream | null = null;
  private tail: string[] = [];
  private exited: Promise<void> = Promise.resolve();
  exitedAt: number | null = null;
  exitCode: number | string | null = null;

  constructor(
    readonly root: string,
    readonly port: number,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return this.child !== null && this.exitedAt === null;
  }

  start(options: StartOptions): void {
    if (options.logFile) {
      mkdirSync(path.dirname(options.logFile), { recursive: true });
      this.log = createWriteStream(options.logFile);
    }
    const args = [...(options.nodeArgs ?? []), path.join(this.root, ".next/standalone/server.js")];
    const child = spawn(process.execPath, args, {
      cwd: this.root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        ...options.env,
        PORT: String(this.port),
        HOSTNAME: "127.0.0.1",
      },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so that anything it starts is stopped with it.
      detached: true,
    });
    this.child = child;
    this.exitedAt = null;
    this.exitCode = null;
    this.tail = [];
    let partial = "";
    const onData = (chunk: Buffer) => {
      this.log?.write(chunk);
      const lines = (partial + chunk.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        options.onLine?.(line);
        this.tail.push(line);
        if (this.tail.length > 1000) this.tail.shift();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    this.exited = new Promise((resolve) =>
      child.once("exit", (code, signal) => {
        this.exitedAt = Date.now();
        this.exitCode = code ?? signal;
        resolve();
      }),
    );
  }

  lastLines(n = 30): string {
    return this.tail.slice(-n).join("\n");
  }

  /** Polls a path until it answers `status`; the milliseconds from `since` (a performance.now()) to that answer. */
  async waitFor(
    pathname: string,
    options: { timeoutMs: number; since?: number; status?: number; intervalMs?: number },
  ): Promise<number> {
    const since = options.since ?? performance.now();
    const deadline = since + options.timeoutMs;
    while (performance.now() < deadline) {
      if (!this.alive)
        throw new Error(`the app exited (${this.exitCode}) before it served ${pathname}:\n${this.lastLines()}`);
      try {
        const res = await fetch(`${this.baseUrl}${pathname}`, {
          redirect: "manual",
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer();
        if (res.status === (options.status ?? 200)) return performance.now() - since;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 25));
    }
    throw new Error(`the app did not serve ${pathname} within ${options.timeoutMs} ms:\n${this.lastLines()}`);
  }

  waitHealthy(timeoutMs: number): Promise<number> {
    return this.waitFor("/api/health", { timeoutMs, intervalMs: 300 });
  }

  private signal(signal: NodeJS.Signals): void {
    if (!this.child?.pid) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // already gone
    }
  }

  private groupAlive(): boolean {
    if (!this.child?.pid) return false;
    try {
      process.kill(-this.child.pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /** Immediately, for a signal handler: the whole process group. */
  killNow(): void {
    if (this.alive) this.signal("SIGKILL");
  }

  /** SIGTERM to the group, SIGKILL if anything of it is still there after the grace period. */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.alive) {
      this.signal("SIGTERM");
      const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), graceMs).unref());
      if ((await Promise.race([this.exited, timer])) === "timeout") {
        this.signal("SIGKILL");
        await this.exited;
      }
    }
    // Anything the server started goes with it: wait for the whole group to be gone.
    for (let i = 0; i < 50 && this.groupAlive(); i++) await new Promise((r) => setTimeout(r, 100));
    if (this.groupAlive()) this.signal("SIGKILL");
    await new Promise<void>((resolve) => (this.log ? this.log.end(() => resolve()) : resolve()));
    this.log = null;
  }
}
