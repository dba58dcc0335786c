/**
 * Turns the region's reference battery (lib/seed/reference, copied from shared/reference)
 * and the per-language translation files into validated battery content.
 */
import referenceJson from "./reference/battery-ostergotland.json";
import municipalitiesJson from "./reference/municipalities.json";
import ar from "./translations/ar.json";
import ckb from "./translations/ckb.json";
import faAF from "./translations/fa-AF.json";
import fa from "./translations/fa.json";
import ku from "./translations/ku.json";
import so from "./translations/so.json";
import ti from "./translations/ti.json";
import uk from "./translations/uk.json";
import extra from "./translations/extra.json";
import {
  batteryContentSchema,
  type BatteryContent,
  type Condition,
  type LocalizedText,
  type Option,
  type Question,
} from "@/lib/battery/schema";
import type { Locale } from "@/lib/i18n/locales";

type Translations = Record<string, string>;
const translations: Partial<Record<Locale, Translations>> = { ar, ckb, "fa-AF": faAF, fa, ku, so, ti, uk };

type RefText = { sv: string; en: string };
type RefOption = RefText & { key: string };
type RefQuestion = RefText & {
  key: string;
  type: string;
  options?: RefOption[] | string;
  showIf?: string;
  repeatFor?: string;
  sensitive?: boolean;
  maxChoices?: number;
  exclusiveOption?: string;
  askOnlyIf?: string;
  source?: string;
};
type RefModule = RefText & {
  key: string;
  optional?: boolean;
  local?: boolean;
  questions: RefQuestion[];
  catalogueExample?: RefOption[];
};
const reference = referenceJson as unknown as {
  title: RefText;
  intro: RefText;
  scales: Record<string, { sv: string[]; en: string[]; keys: string[] }>;
  specialAnswers: Record<"dont_know" | "no_answer", RefText>;
  modules: RefModule[];
  ambassadorFields: { fields: RefQuestion[] };
};

/** Texts the reference lacks but the product needs (such as the "none" option of the catalogue question). */
const extraTexts = extra as Record<string, Record<string, string>>;

function text(id: string, base: RefText): LocalizedText {
  const out: LocalizedText = { sv: base.sv, en: base.en };
  for (const [locale, table] of Object.entries(translations) as [Locale, Translations][]) {
    const value = table[id];
    if (value) out[locale] = value;
  }
  return out;
}

function extraText(id: string): LocalizedText {
  const t = extraTexts[id];
  if (!t?.sv) throw new Error(`Missing extra text ${id}`);
  return t as LocalizedText;
}

export function parseCondition(expression: string): Condition {
  const patterns: [RegExp, Condition["op"]][] = [
    [/^(\S+) is answered and not (\S+)$/, "answeredExcept"],
    [/^(\S+) is not (\S+)$/, "isNot"],
    [/^(\S+) includes (\S+)$/, "includes"],
    [/^(\S+) is (\S+)$/, "is"],
  ];
  for (const [re, op] of patterns) {
    const m = re.exec(expression.trim());
    if (m) return { question: m[1]!, op, values: [m[2]!] };
  }
  throw new Error(`Cannot read condition "${expression}"`);
}

/** The reference battery's background questions and what they stand for in the dashboards. */
const roles: Record<string, Question["role"]> = {
  "bg.municipality": "municipality",
  "bg.age_band": "age",
  "bg.gender": "gender",
  "bg.time_in_sweden": "time_in_sweden",
};

/** Scales whose higher values are worse: for these the positive answers are the low steps. */
const lowIsPositive = new Set(["freq5"]);

function question(q: RefQuestion): Question {
  const out: Question = { key: q.key, type: "single", text: text(`q.${q.key}`, q) };
  if (q.type.startsWith("scale:")) {
    out.type = "scale";
    out.scale = q.type.slice("scale:".length);
  } else {
    out.type = q.type as Question["type"];
  }
  if (Array.isArray(q.options)) {
    out.options = q.options.map((o): Option => ({ key: o.key, label: text(`q.${q.key}.opt.${o.key}`, o) }));
  } else if (q.options === "the municipalities the survey is open for") {
    out.optionsFrom = "municipalities";
  } else if (q.options === "the municipality's catalogue") {
    out.optionsFrom = "catalogue";
    if (q.exclusiveOption)
      out.options = [{ key: q.exclusiveOption, label: extraText(`q.${q.key}.opt.${q.exclusiveOption}`) }];
  }
  if (q.askOnlyIf) out.onlyIfSeveralMunicipalities = true;
  if (q.maxChoices) out.maxChoices = q.maxChoices;
  if (q.exclusiveOption) out.exclusiveOption = q.exclusiveOption;
  if (q.showIf) out.showIf = parseCondition(q.showIf);
  if (q.repeatFor) {
    const m = /^each option chosen in (\S+)$/.exec(q.repeatFor);
    if (!m) throw new Error(`Cannot read repeatFor "${q.repeatFor}"`);
    out.repeatFor = { question: m[1]! };
  }
  if (q.sensitive) out.sensitive = true;
  if (roles[q.key]) out.role = roles[q.key];
  if (q.source) out.source = q.source;
  return out;
}

export function buildReferenceBattery(): BatteryContent {
  const scales: BatteryContent["scales"] = {};
  for (const [name, s] of Object.entries(reference.scales)) {
    if (name === "yesno") continue; // yes/no is a question type of its own
    const options = s.keys.map((key, i) => ({
      key,
      value: Number(key),
      label: text(`scale.${name}.${key}`, { sv: s.sv[i]!, en: s.en[i]! }),
    }));
    const byValue = [...options].sort((a, b) => b.value - a.value).map((o) => o.key);
    scales[name] = { options, positive: lowIsPositive.has(name) ? byValue.slice(-2) : byValue.slice(0, 2) };
  }
  const content = {
    title: text("title", reference.title),
    intro: text("intro", reference.intro),
    scales,
    yesno: {
      yes: text("scale.yesno.yes", { sv: reference.scales.yesno!.sv[0]!, en: reference.scales.yesno!.en[0]! }),
      no: text("scale.yesno.no", { sv: reference.scales.yesno!.sv[1]!, en: reference.scales.yesno!.en[1]! }),
    },
    special: {
      dont_know: text("special.dont_know", reference.specialAnswers.dont_know),
      no_answer: text("special.no_answer", reference.specialAnswers.no_answer),
    },
    modules: reference.modules.map((m) => ({
      key: m.key,
      title: text(`module.${m.key}`, m),
      ...(m.optional ? { optional: true } : {}),
      ...(m.local ? { local: true } : {}),
      questions: m.questions.map(question),
    })),
    ambassadorFields: reference.ambassadorFields.fields.map(question),
  };
  return batteryContentSchema.parse(content);
}

/** The example catalogue of interventions, translated; each demo municipality offers a subset of it. */
export function referenceCatalogue(): Option[] {
  const local = reference.modules.find((m) => m.local);
  return (local?.catalogueExample ?? []).map((c) => ({ key: c.key, label: text(`catalogue.${c.key}`, c) }));
}

export type ReferenceMunicipality = { code: string; name: string; population: number };
export const referenceRegion = municipalitiesJson.region as { name: string; code: string };
export const referenceMunicipalities = municipalitiesJson.municipalities as ReferenceMunicipality[];
