/**
 * What changed between two battery versions, question by question (keys are stable across versions):
 * added, removed, reworded (Swedish text) and options changed. Pure.
 */
import type { BatteryContent, Question } from "./schema";

export type QuestionChange =
  | { kind: "added"; key: string; module: string }
  | { kind: "removed"; key: string; module: string }
  | { kind: "reworded"; key: string; module: string; before: string; after: string }
  | { kind: "options"; key: string; module: string; added: string[]; removed: string[]; relabelled: string[] }
  | { kind: "moved"; key: string; from: string; to: string };

function index(content: BatteryContent): Map<string, { q: Question; module: string }> {
  return new Map(content.modules.flatMap((m) => m.questions.map((q) => [q.key, { q, module: m.key }] as const)));
}

export function diffBatteries(before: BatteryContent, after: BatteryContent): QuestionChange[] {
  const a = index(before);
  const b = index(after);
  const changes: QuestionChange[] = [];
  for (const [key, { q, module }] of b) {
    const old = a.get(key);
    if (!old) {
      changes.push({ kind: "added", key, module });
      continue;
    }
    if (old.module !== module) changes.push({ kind: "moved", key, from: old.module, to: module });
    if (old.q.text.sv !== q.text.sv)
      changes.push({ kind: "reworded", key, module, before: old.q.text.sv, after: q.text.sv });
    const oldOptions = new Map((old.q.options ?? []).map((o) => [o.key, o.label.sv]));
    const newOptions = new Map((q.options ?? []).map((o) => [o.key, o.label.sv]));
    const added = [...newOptions.keys()].filter((k) => !oldOptions.has(k));
    const removed = [...oldOptions.keys()].filter((k) => !newOptions.has(k));
    const relabelled = [...newOptions]
      .filter(([k, label]) => oldOptions.has(k) && oldOptions.get(k) !== label)
      .map(([k]) => k);
    if (added.length || removed.length || relabelled.length || old.q.scale !== q.scale || old.q.type !== q.type) {
      changes.push({ kind: "options", key, module, added, removed, relabelled });
    }
  }
  for (const [key, { module }] of a) if (!b.has(key)) changes.push({ kind: "removed", key, module });
  return changes;
}
