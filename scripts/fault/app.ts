/**
 * The app under test: `tsx scripts/run.ts start` (the production build) as a child process in its own process
 * group, pointed at the fault run's database, on a free loopback port. Its output goes to a log file.
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

export class AppProcess {
  private child: ChildProcess | null = null;
  private log: WriteStream | null = null;
  private tail: string[] = [];
  /** Lines the app printed, by kind, for the figures. */
  readonly counts = { unavailableLogged: 0, idleClientErrors: 0, otherErrors: 0 };
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

  start(env: Record<string, string>, logFile: string): void {
    mkdirSync(path.dirname(logFile), { recursive: true });
    this.log = createWriteStream(logFile);
    const child = spawn(process.execPath, [path.join(this.root, "node_modules/tsx/dist/cli.mjs"), "scripts/run.ts", "start"], {
      cwd: this.root,
      env: { ...process.env, ...env, PORT: String(this.port) },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    this.child = child;
    let partial = "";
    const onData = (chunk: Buffer) => {
      this.log?.write(chunk);
      const lines = (partial + chunk.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        if (/database unavailable/.test(line)) this.counts.unavailableLogged++;
        else if (/\[db\] idle client error/.test(line)) this.counts.idleClientErrors++;
        else if (/\b(Error|error)\b/.test(line) && !/^\s+at /.test(line)) this.counts.otherErrors++;
        this.tail.push(line);
        if (this.tail.length > 80) this.tail.shift();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code, signal) => {
      this.exitedAt = Date.now();
      this.exitCode = code ?? signal;
    });
  }

  get alive(): boolean {
    return this.child !== null && this.exitedAt === null;
  }

  lastLines(n = 30): string {
    return this.tail.slice(-n).join("\n");
  }

  async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.alive) throw new Error(`the app exited (${this.exitCode}) before it was healthy:\n${this.lastLines()}`);
      try {
        const res = await fetch(`${this.baseUrl}/api/health`, { signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`the app did not become healthy within ${timeoutMs} ms:\n${this.lastLines()}`);
  }

  /** Immediately, for a signal handler: the whole process group. */
  killNow(): void {
    if (this.alive && this.child?.pid) {
      try {
        process.kill(-this.child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }

  /** SIGTERM to the group, SIGKILL if it is still there after a grace period. */
  async stop(graceMs = 8000): Promise<void> {
    const child = this.child;
    if (child?.pid && this.alive) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), graceMs).unref());
      if ((await Promise.race([exited, timer])) === "timeout") {
        this.killNow();
        await Promise.race([exited, new Promise((r) => setTimeout(r, 2000).unref())]);
      }
    }
    await new Promise<void>((resolve) => (this.log ? this.log.end(() => resolve()) : resolve()));
    this.log = null;
  }
}
