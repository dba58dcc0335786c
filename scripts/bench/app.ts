/**
 * The app under test: `tsx scripts/run.ts start` (what `npm start` runs) as a child process group on its own
 * database and port, timed to the first page it serves, and its server process's memory read from /proc.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
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

export type App = { child: ChildProcess; baseUrl: string; port: number; output: () => string; stop: () => Promise<void> };

/** nodeArgs (such as --cpu-prof) run the script in one Node process with tsx's loader instead of through tsx's launcher. */
export function startApp(options: { root: string; port: number; databaseUrl: string; secret: string; env?: Record<string, string>; nodeArgs?: string[] }): App {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const args = options.nodeArgs
    ? [...options.nodeArgs, "--import", "tsx", "scripts/run.ts", "start"]
    : [path.join(options.root, "node_modules/tsx/dist/cli.mjs"), "scripts/run.ts", "start"];
  const child = spawn(process.execPath, args, {
    cwd: options.root,
    env: {
      ...process.env,
      PORT: String(options.port),
      DATABASE_URL: options.databaseUrl,
      BETTER_AUTH_URL: baseUrl,
      BETTER_AUTH_SECRET: options.secret,
      NODE_ENV: "production",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so the launcher and the server it runs are stopped together.
    detached: true,
  });
  let output = "";
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    baseUrl,
    port: options.port,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(child, "SIGTERM");
      const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 15_000))]);
      if (!stopped) {
        signalGroup(child, "SIGKILL");
        await exited;
      }
      // The launcher may exit before the server it runs: wait for the whole group to be gone.
      for (let i = 0; i < 50 && groupAlive(child); i++) await new Promise((r) => setTimeout(r, 100));
      if (groupAlive(child)) signalGroup(child, "SIGKILL");
    },
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

function groupAlive(child: ChildProcess): boolean {
  try {
    process.kill(-child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls a URL until it answers 200; the time from `since` to that answer. */
export async function waitForPage(app: App, pathname: string, since: number, timeoutMs: number): Promise<number> {
  const deadline = since + timeoutMs;
  while (performance.now() < deadline) {
    if (app.child.exitCode !== null) throw new Error(`app exited with code ${app.child.exitCode}:\n${app.output().slice(-3000)}`);
    try {
      const res = await fetch(`${app.baseUrl}${pathname}`, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - since;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`app did not serve ${pathname} within ${timeoutMs} ms:\n${app.output().slice(-3000)}`);
}

// ---------- memory, from /proc (Linux)

function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The launcher and everything it started. */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...children(out[i]!));
  return out;
}

/** The process serving HTTP: tsx's launcher runs the script in a child Node process; the deepest one is the server. */
export function serverPid(launcherPid: number): number {
  let pid = launcherPid;
  for (;;) {
    const next = children(pid).find((c) => /node/.test(readCmdline(c)));
    if (!next) return pid;
    pid = next;
  }
}

function readCmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

/** VmRSS and VmHWM (peak) in bytes. */
export function memoryOf(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb("VmRSS"), peak: kb("VmHWM") };
  } catch {
    return null;
  }
}

/** Resets the kernel's peak-RSS mark (VmHWM), so it measures from now on. False where that is not allowed. */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

/** Samples the RSS of a process every intervalMs; stop() gives the highest sample and the kernel's peak. */
export function sampleMemory(pid: number, intervalMs = 50) {
  const peakWasReset = resetPeak(pid);
  let maxRss = memoryOf(pid)?.rss ?? 0;
  const timer = setInterval(() => {
    const m = memoryOf(pid);
    if (m && m.rss > maxRss) maxRss = m.rss;
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      const m = memoryOf(pid);
      return { maxSampledRss: Math.max(maxRss, m?.rss ?? 0), kernelPeak: peakWasReset ? (m?.peak ?? 0) : null };
    },
  };
}

export const isLinux = existsSync("/proc/self/status");
