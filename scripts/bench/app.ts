/**
 * The app server's processes and memory, read from /proc (Linux), for the bench's start-up and memory figures.
 * The app itself is started by scripts/app-process.ts.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";

function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The process started and everything it started. */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...children(out[i]!));
  return out;
}

/** The process serving HTTP: the deepest Node process under the one started (the standalone server is that process itself). */
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
