/**
 * What the clients send: complete, valid answer sets from the demo generator (deterministic for a seed) for the
 * two surveys the demo ambassador serves, each under an id made once by the "device" (random per run).
 */
import { randomUUID } from "node:crypto";
import type { AnswerValue } from "@/lib/battery/logic";
import {
  type DemoAmbassador,
  type DemoMunicipality,
  type DemoResponse,
  demoUuid,
  generateDemoResponses,
} from "@/lib/seed/demo-responses";
import { buildReferenceBattery, referenceCatalogue, referenceMunicipalities } from "@/lib/seed/reference-battery";
import { demoSurveyCode, demoUsers } from "@/lib/seed";

export const AMBASSADOR_EMAIL = "ambassador@demo.example";
export const AMBASSADOR_ID = demoUuid(`demo-user-${AMBASSADOR_EMAIL}`);

/** One request's worth of work: a response on the public path, or a batch of interviews for sync. */
export type WorkItem =
  | { kind: "public"; index: number; ids: [string]; body: string }
  | { kind: "batch"; index: number; ids: string[]; body: string };

export type Expected = {
  /** Response id -> how it must be stored. */
  byId: Map<string, { mode: "self" | "assisted"; answers: number }>;
  publicIds: string[];
  interviewIds: string[];
};

function municipalitiesServed(): { list: DemoMunicipality[]; code: Map<string, string> } {
  const ambassador = demoUsers.find((u) => u.email === AMBASSADOR_EMAIL)!.ambassador!;
  const catalogue = referenceCatalogue();
  const list: DemoMunicipality[] = [];
  const code = new Map<string, string>();
  for (const m of referenceMunicipalities.filter((r) => ambassador.municipalities.includes(r.code))) {
    // Both are large municipalities: the seed gives them the whole example catalogue.
    list.push({ code: m.code, population: m.population, catalogue, surveyId: 0, localVersionId: null });
    code.set(m.code, demoSurveyCode(m.name, m.code));
  }
  return { list, code };
}

/** Shuffles in place, deterministically. */
function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * `version` is the battery version the demo rounds run on (the interviews' devices started them on it; sync refuses
 * any other).
 */
export function buildWork(options: {
  responses: number;
  interviews: number;
  batchSize: number;
  seed: number;
  version: number;
  now?: Date;
}): {
  items: WorkItem[];
  expected: Expected;
} {
  const now = options.now ?? new Date();
  const content = buildReferenceBattery();
  const { list: municipalities, code } = municipalitiesServed();
  const ambassadorUser = demoUsers.find((u) => u.email === AMBASSADOR_EMAIL)!.ambassador!;
  const ambassador: DemoAmbassador = {
    id: AMBASSADOR_ID,
    municipalities: ambassadorUser.municipalities,
    locales: ambassadorUser.locales,
  };

  const expected: Expected = { byId: new Map(), publicIds: [], interviewIds: [] };
  const items: WorkItem[] = [];

  const selfResponses = generateDemoResponses({
    count: options.responses,
    content,
    municipalities,
    ambassadors: [],
    now,
    seed: options.seed,
  });
  for (const r of selfResponses) {
    const id = randomUUID();
    const payload = { id, survey: code.get(r.municipalityCode)!, locale: r.locale, answers: r.answers };
    expected.byId.set(id, { mode: "self", answers: Object.keys(r.answers).length });
    expected.publicIds.push(id);
    items.push({ kind: "public", index: items.length, ids: [id], body: JSON.stringify(payload) });
  }

  // With an ambassador at hand, about four in ten demo responses are interviews: draw until there are enough.
  const assisted: DemoResponse[] = [];
  for (let round = 0; assisted.length < options.interviews && round < 20; round++) {
    const drawn = generateDemoResponses({
      count: Math.ceil((options.interviews - assisted.length) * 2.6) + 10,
      content,
      municipalities,
      ambassadors: [ambassador],
      now,
      seed: options.seed + 1 + round,
    });
    assisted.push(...drawn.filter((r) => r.mode === "assisted").slice(0, options.interviews - assisted.length));
  }
  if (assisted.length < options.interviews) throw new Error("could not generate enough interviews");

  for (let start = 0; start < assisted.length; start += options.batchSize) {
    const interviews = assisted.slice(start, start + options.batchSize).map((r, k) => {
      const id = randomUUID();
      expected.byId.set(id, { mode: "assisted", answers: Object.keys(r.answers).length });
      expected.interviewIds.push(id);
      const record: Record<string, AnswerValue> = {};
      for (const [key, value] of Object.entries(r.interview ?? {})) record[key] = { kind: "choice", value };
      return {
        id,
        ambassador: AMBASSADOR_ID,
        version: options.version,
        survey: code.get(r.municipalityCode)!,
        locale: r.locale,
        answers: r.answers,
        handover: r.handover,
        record,
        // Finished on the device within the last few hours.
        finishedAt: new Date(now.getTime() - ((start + k) % 240) * 60_000).toISOString(),
      };
    });
    items.push({
      kind: "batch",
      index: items.length,
      ids: interviews.map((i) => i.id),
      body: JSON.stringify({ interviews }),
    });
  }

  // Interleaved, so that both kinds of request are in flight when the faults strike.
  let state = options.seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  shuffle(items, random);
  items.forEach((item, i) => (item.index = i));
  return { items, expected };
}
