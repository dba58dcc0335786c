/**
 * Every translatable text of a battery under a stable id, so translations and their review status can be
 * tracked text by text across drafts and versions. Ids are built from keys, never positions, so reordering
 * questions does not lose a translation's status. Pure.
 */
import type { Locale } from "@/lib/i18n/locales";
import type { BatteryContent, LocalizedText } from "./schema";

export type BatteryText = {
  /** Stable id: "title", "module:housing", "question:housing.type", "option:housing.type:rent", "scale:agree:s5". */
  id: string;
  /** The module the text belongs to ("" for texts of the whole battery), for grouping on screen. */
  module: string;
  /** What the text is, for the translator: a question key, or a question key and option key. */
  context: string;
  text: LocalizedText;
};

export function batteryTexts(content: BatteryContent): BatteryText[] {
  const out: BatteryText[] = [
    { id: "title", module: "", context: "title", text: content.title },
    { id: "intro", module: "", context: "intro", text: content.intro },
    { id: "special:dont_know", module: "", context: "dont_know", text: content.special.dont_know },
    { id: "special:no_answer", module: "", context: "no_answer", text: content.special.no_answer },
    { id: "yesno:yes", module: "", context: "yes", text: content.yesno.yes },
    { id: "yesno:no", module: "", context: "no", text: content.yesno.no },
  ];
  for (const [scaleKey, scale] of Object.entries(content.scales)) {
    for (const o of scale.options)
      out.push({ id: `scale:${scaleKey}:${o.key}`, module: "", context: `${scaleKey} · ${o.key}`, text: o.label });
  }
  const questions = (module: string, qs: BatteryContent["ambassadorFields"]) => {
    for (const q of qs) {
      out.push({ id: `question:${q.key}`, module, context: q.key, text: q.text });
      for (const o of q.options ?? [])
        out.push({ id: `option:${q.key}:${o.key}`, module, context: `${q.key} · ${o.key}`, text: o.label });
    }
  };
  for (const m of content.modules) {
    out.push({ id: `module:${m.key}`, module: m.key, context: m.key, text: m.title });
    questions(m.key, m.questions);
  }
  questions("amb", content.ambassadorFields);
  return out;
}

/** A copy of the content with one language of one text replaced (an empty value removes the translation). */
export function withTranslation(
  content: BatteryContent,
  id: string,
  locale: Exclude<Locale, "sv">,
  value: string,
): BatteryContent {
  const copy = structuredClone(content);
  const target = batteryTexts(copy).find((t) => t.id === id);
  if (!target) return copy;
  const text = target.text as Record<string, string | undefined>;
  if (value.trim() === "") delete text[locale];
  else text[locale] = value.trim();
  return copy;
}

/** The ids whose Swedish source differs between two contents (texts only in one of them are not reworded). */
export function rewordedTexts(before: BatteryContent, after: BatteryContent): { id: string; before: string }[] {
  const old = new Map(batteryTexts(before).map((t) => [t.id, t.text.sv]));
  return batteryTexts(after)
    .filter((t) => old.has(t.id) && old.get(t.id) !== t.text.sv)
    .map((t) => ({ id: t.id, before: old.get(t.id)! }));
}

/** FNV-1a of the Swedish source: enough to notice a reworded text, and the same in browser and server. */
export function sourceHash(sv: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < sv.length; i++) {
    h ^= sv.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

export type TranslationState = "missing" | "draft" | "reviewed" | "needs_review";
export type StatusRow = { status: "draft" | "reviewed" | "needs_review"; source_hash: string };

/**
 * A translation is missing without text; needs review when its Swedish source changed since it was written or
 * reviewed; reviewed when a reviewer approved it for this source; otherwise a draft (machine or unreviewed).
 */
export function translationState(text: LocalizedText, locale: Locale, row: StatusRow | undefined): TranslationState {
  const value = text[locale];
  if (value === undefined || value.trim() === "") return "missing";
  if (!row) return "draft";
  if (row.status === "needs_review" || row.source_hash !== sourceHash(text.sv)) return "needs_review";
  return row.status;
}

export type LanguageCounts = { total: number; missing: number; unreviewed: number; needsReview: number };

export function countStates(states: TranslationState[]): LanguageCounts {
  return {
    total: states.length,
    missing: states.filter((s) => s === "missing").length,
    unreviewed: states.filter((s) => s === "draft" || s === "needs_review").length,
    needsReview: states.filter((s) => s === "needs_review").length,
  };
}
