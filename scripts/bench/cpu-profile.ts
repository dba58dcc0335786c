/**
 * Where a server's CPU time went, from a V8 CPU profile (node --cpu-prof): self time by package or source area,
 * largest first. `npx tsx scripts/bench/cpu-profile.ts <file.cpuprofile> [top]`.
 */
import { readFileSync } from "node:fs";

type Node = { id: number; callFrame: { functionName: string; url: string }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) {
    if (pkg[1] === "next") {
      const part = /next\/dist\/(?:compiled\/)?([^/]+(?:\/[^/]+)?)/.exec(url);
      return `next: ${part?.[1] ?? "?"}`;
    }
    return pkg[1]!;
  }
  if (url.startsWith("node:")) return url.split("/")[0]!.replace(/:.*$/, ":") + url.slice(5).split("/")[0];
  if (/\.next\/server\/chunks/.test(url)) return "app chunks (our code and bundled packages)";
  return url
    .replace(/^file:\/\//, "")
    .split("/")
    .slice(-2)
    .join("/");
}

export function selfTimeByArea(profile: Profile): { area: string; ms: number; share: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const us = profile.timeDeltas[i] ?? 0;
    const area = areaOf(node.callFrame.url, node.callFrame.functionName);
    totals.set(area, (totals.get(area) ?? 0) + us);
    all += us;
  });
  return [...totals].map(([area, us]) => ({ area, ms: us / 1000, share: us / all })).sort((a, b) => b.ms - a.ms);
}

if (process.argv[1]?.endsWith("cpu-profile.ts")) {
  const profile = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as Profile;
  const top = Number(process.argv[3] ?? 25);
  const rows = selfTimeByArea(profile);
  const busy = rows.filter((r) => r.area !== "(idle)" && r.area !== "(program)").reduce((s, r) => s + r.ms, 0);
  console.log(
    `profile: ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s, busy ${(busy / 1000).toFixed(1)} s`,
  );
  for (const r of rows.slice(0, top))
    console.log(`${r.ms.toFixed(0).padStart(8)} ms  ${(r.share * 100).toFixed(1).padStart(5)} %  ${r.area}`);
}
