/**
 * Synthetic demo responses: spread by population over municipalities, by plausible shares over
 * languages and modes, and with answers to the trust questions that are less positive when given
 * to an ambassador, and least positive in private handover, than when self-completed.
 * Deterministic (seeded), so seeding twice yields the same ids and inserts nothing new.
 */
import { createHash } from "node:crypto";
import { type Answers, type AnswerValue, type RunContext, visibleSlots } from "@/lib/battery/logic";
import type { BatteryContent, Option, Question } from "@/lib/battery/schema";
import type { Locale } from "@/lib/i18n/locales";

export type DemoAmbassador = { id: string; municipalities: string[]; locales: Locale[] };
export type DemoMunicipality = {
  code: string;
  population: number;
  catalogue: Option[];
  surveyId: number;
  localVersionId: number | null;
};

export type DemoResponse = {
  id: string;
  surveyId: number;
  municipalityCode: string;
  localVersionId: number | null;
  locale: Locale;
  mode: "self" | "assisted";
  ambassadorId: string | null;
  interview: Record<string, string> | null;
  submittedAt: Date;
  answers: Answers;
  /** Slot ids answered in private handover. */
  handover: string[];
};

/** mulberry32: small, fast, good enough for demo data. */
export function makeRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUID (v4 layout) derived from a name, so demo ids are the same on every run. */
export function demoUuid(name: string): string {
  const h = createHash("sha256").update(name).digest("hex");
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function pickWeighted<T>(random: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r <= 0) return item;
  }
  return items[items.length - 1]![0];
}

function normal(random: () => number): number {
  const u = Math.max(random(), 1e-9);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** The languages of the demo (and the bench's synthetic) responses, by share of respondents. */
export const localeShares: [Locale, number][] = [
  ["ar", 27],
  ["uk", 15],
  ["ti", 11],
  ["so", 10],
  ["fa-AF", 10],
  ["fa", 7],
  ["ckb", 6],
  ["ku", 3],
  ["en", 6],
  ["sv", 5],
];

/** Where each scale question sits on average (1..5, 5 best), before the mode effect. */
const baseLevel: Record<string, number> = {
  "trust.respect_staff": 3.9,
  "trust.trust_municipality": 3.8,
  "trust.safe_to_criticise": 3.5,
  "trust.opinion_matters": 3.3,
  "closing.felt_free": 4.0,
  "health.lonely": 2.8,
};

/**
 * How much rosier (in scale steps) answers look when self-completed, relative to assisted ones, and how much
 * less rosy in private handover. The trust module is where the region expects the gap.
 */
function modeShift(question: Question, moduleKey: string, mode: "self" | "assisted", handover: boolean): number {
  const trustLike = moduleKey === "trust" || question.key === "closing.felt_free";
  if (mode === "self") return trustLike ? 0.55 : 0.15;
  if (handover) return trustLike ? -0.55 : -0.2;
  return trustLike ? -0.1 : 0;
}

const textBank: Record<string, string[]> = {
  sv: [
    "Mer information på mitt eget språk.",
    "Det tar för lång tid att få svar från handläggaren.",
    "Jag vill ha mer praktik.",
    "Ring mig gärna på 070-123 45 67.",
  ],
  en: [
    "More information in my own language.",
    "Longer SFI hours in the evening.",
    "Write to me at demo.person@example.com",
  ],
  other: ["Bättre information om boende.", "Fler mötesplatser med svenskar.", "Hjälp med att validera min utbildning."],
};

function answerFor(
  random: () => number,
  question: Question,
  moduleKey: string,
  options: Option[],
  content: BatteryContent,
  mode: "self" | "assisted",
  handover: boolean,
  locale: Locale,
): AnswerValue | null {
  if (random() < 0.03) return { kind: "special", value: "no_answer" };
  switch (question.type) {
    case "scale": {
      if (random() < 0.05) return { kind: "special", value: "dont_know" };
      const scale = content.scales[question.scale ?? ""]!;
      const level =
        (baseLevel[question.key] ?? 3.4) +
        modeShift(question, moduleKey, mode, handover) * (question.key === "health.lonely" ? -1 : 1);
      const value = Math.min(5, Math.max(1, Math.round(level + normal(random) * 1.05)));
      const option = scale.options.find((o) => o.value === value) ?? scale.options[0]!;
      return { kind: "choice", value: option.key };
    }
    case "yesno": {
      const pYes = question.key === "work.unfair_hiring" ? (mode === "self" ? 0.22 : handover ? 0.4 : 0.3) : 0.5;
      return { kind: "choice", value: random() < pYes ? "yes" : "no" };
    }
    case "single": {
      const weighted = options.map((o, i) => [o.key, options.length - i * 0.6] as const);
      return { kind: "choice", value: pickWeighted(random, weighted) };
    }
    case "multi": {
      const exclusive = question.exclusiveOption;
      const pExclusive =
        question.key === "trust.discrimination" ? (mode === "self" ? 0.6 : handover ? 0.35 : 0.45) : 0.25;
      if (exclusive && random() < pExclusive) return { kind: "choices", values: [exclusive] };
      const pool = options.filter((o) => o.key !== exclusive);
      let values = pool.filter(() => random() < 0.3).map((o) => o.key);
      if (values.length === 0 && pool.length > 0) values = [pool[Math.floor(random() * pool.length)]!.key];
      if (question.maxChoices) values = values.slice(0, question.maxChoices);
      return { kind: "choices", values };
    }
    case "text": {
      if (random() > 0.18) return null;
      const bank = textBank[locale] ?? textBank.other!;
      return { kind: "text", value: bank[Math.floor(random() * bank.length)]! };
    }
  }
}

export function generateDemoResponses(input: {
  count: number;
  content: BatteryContent;
  municipalities: DemoMunicipality[];
  ambassadors: DemoAmbassador[];
  now: Date;
  seed?: number;
}): DemoResponse[] {
  const random = makeRandom(input.seed ?? 20261123);
  const byPopulation = input.municipalities.map((m) => [m, m.population] as const);
  const out: DemoResponse[] = [];
  const dayMs = 86_400_000;

  for (let i = 0; i < input.count; i++) {
    const municipality = pickWeighted(random, byPopulation);
    const ambassadorsHere = input.ambassadors.filter((a) => a.municipalities.includes(municipality.code));
    const assisted = ambassadorsHere.length > 0 && random() < 0.42;
    const ambassador = assisted ? ambassadorsHere[Math.floor(random() * ambassadorsHere.length)]! : null;
    const locale = ambassador
      ? ambassador.locales[Math.floor(random() * ambassador.locales.length)]!
      : pickWeighted(random, localeShares);
    // Spread over the last ten months, more in recent months as the rounds picked up.
    const daysAgo = Math.floor(Math.pow(random(), 1.4) * 300);
    const submittedAt = new Date(input.now.getTime() - daysAgo * dayMs - Math.floor(random() * 10) * 3_600_000);

    const ctx: RunContext = { municipalities: [], catalogue: municipality.catalogue };
    const answers: Answers = {};
    const handover: string[] = [];
    // Walk the battery in order: each answer can reveal or hide later questions.
    const seen = new Set<string>();
    for (let guard = 0; guard < 200; guard++) {
      const next = visibleSlots(input.content, answers, ctx).find((s) => !seen.has(s.id));
      if (!next) break;
      seen.add(next.id);
      const inHandover = assisted && next.question.sensitive === true;
      const options =
        next.question.optionsFrom === "catalogue"
          ? [...municipality.catalogue, ...(next.question.options ?? [])]
          : (next.question.options ?? []);
      const value = answerFor(
        random,
        next.question,
        next.module.key,
        options,
        input.content,
        assisted ? "assisted" : "self",
        inHandover,
        locale,
      );
      if (value) {
        answers[next.id] = value;
        if (inHandover) handover.push(next.id);
      }
    }

    out.push({
      id: demoUuid(`demo-response-${i}`),
      surveyId: municipality.surveyId,
      municipalityCode: municipality.code,
      localVersionId: municipality.localVersionId,
      locale,
      mode: assisted ? "assisted" : "self",
      ambassadorId: ambassador?.id ?? null,
      interview: ambassador
        ? {
            "amb.setting": pickWeighted(random, [
              ["alone", 6],
              ["family", 3],
              ["staff", 1],
              ["others", 1],
            ] as const),
            "amb.place": pickWeighted(random, [
              ["sfi", 4],
              ["association", 3],
              ["worship", 2],
              ["home", 2],
              ["meeting_place", 2],
              ["other", 1],
            ] as const),
            "amb.read_aloud": random() < 0.45 ? "yes" : "no",
          }
        : null,
      submittedAt,
      answers,
      handover,
    });
  }
  return out;
}
