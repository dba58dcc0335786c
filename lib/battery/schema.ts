/**
 * The battery content schema: the one definition of what a battery version holds.
 * Used by the seed, the server (publishing, submitting) and the browser (rendering).
 * Pure: no database, React or Next imports.
 */
import { z } from "zod";
import { locales } from "@/lib/i18n/locales";
import { specialAnswers } from "./special";
import { isStorableText } from "./storable";

export { specialAnswers, type SpecialAnswer } from "./special";
export { isStorableText, storableText } from "./storable";

const storableMessage = "Text must not contain NUL characters or unpaired surrogates";
/** A string the database can store (see isStorableText). */
const storableString = () => z.string().refine(isStorableText, storableMessage);

/** Swedish is the source language and always present; other languages may be missing (and fall back visibly). */
const localeKeys = locales.filter((l) => l !== "sv");
export type LocalizedText = { sv: string } & Partial<Record<(typeof locales)[number], string>>;
// Built from the language table, so its inferred type is widened; the annotation restores the per-language keys.
export const localizedTextSchema: z.ZodType<LocalizedText> = z
  .object({
    sv: storableString().trim().min(1, "Swedish text is required"),
    ...Object.fromEntries(localeKeys.map((l) => [l, storableString().optional()])),
  })
  .strict() as unknown as z.ZodType<LocalizedText>;

const keyPattern = /^[a-z][a-z0-9_]*$/;
export const questionKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/, "Question keys look like module.name (lower case, digits, _)");
export const optionKeySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_]*$/, "Option keys are lower case letters, digits and _");

export const optionSchema = z
  .object({
    key: optionKeySchema,
    label: localizedTextSchema,
  })
  .strict();
export type Option = z.infer<typeof optionSchema>;

/** A 5-point (or n-point) scale. Options are listed in display order; `value` is the ordinal (higher = more of the quality). */
export const scaleSchema = z
  .object({
    options: z
      .array(
        z
          .object({
            key: optionKeySchema,
            value: z.number().int().min(1).max(10),
            label: localizedTextSchema,
          })
          .strict(),
      )
      .min(2)
      .max(10),
    /** Option keys that count as a positive answer (top two steps), for the mode gap. */
    positive: z.array(optionKeySchema).min(1),
  })
  .strict();
export type Scale = z.infer<typeof scaleSchema>;

/**
 * Conditions for showIf:
 * - is / isNot: a single-choice (or yes/no, scale) answer equals / does not equal one of `values`
 *   (isNot is also true when the question was not answered, so skipping never hides later questions).
 * - includes: a multiple-choice answer contains one of `values`.
 * - answeredExcept: answered with at least one real choice that is not among `values`.
 */
export const conditionSchema = z
  .object({
    question: questionKeySchema,
    op: z.enum(["is", "isNot", "includes", "answeredExcept"]),
    values: z.array(optionKeySchema),
  })
  .strict();
export type Condition = z.infer<typeof conditionSchema>;

export const questionTypes = ["single", "multi", "scale", "yesno", "text"] as const;
export type QuestionType = (typeof questionTypes)[number];

/**
 * What a background question stands for, so that the dashboards find it whatever its key: the respondent's
 * municipality, age band, gender, time in Sweden. The last three are the dashboards' group filters.
 */
export const questionRoles = ["municipality", "age", "gender", "time_in_sweden"] as const;
export type QuestionRole = (typeof questionRoles)[number];
export const questionSchema = z
  .object({
    key: questionKeySchema,
    type: z.enum(questionTypes),
    text: localizedTextSchema,
    /** For type scale: the key of a scale in `scales`. */
    scale: z.string().regex(keyPattern).optional(),
    /** Fixed options (single, multi); with optionsFrom, extra options shown after the run-time ones (such as "none"). */
    options: z.array(optionSchema).optional(),
    /** Options supplied at run time: the survey's municipalities, or the municipality's catalogue of interventions. */
    optionsFrom: z.enum(["municipalities", "catalogue"]).optional(),
    maxChoices: z.number().int().min(1).optional(),
    /** An option of a multi question that excludes all others ("none of these"). */
    exclusiveOption: optionKeySchema.optional(),
    showIf: conditionSchema.optional(),
    /** Ask once for each option chosen in an earlier multi question; {option} placeholders name the option. */
    repeatFor: z.object({ question: questionKeySchema }).strict().optional(),
    /** Answered by the respondent alone (private handover) in ambassador mode. */
    sensitive: z.boolean().optional(),
    /** Where the question only applies if the survey covers more than one municipality. */
    onlyIfSeveralMunicipalities: z.boolean().optional(),
    /** What the question stands for in the dashboards (at most one question per role, a single choice). */
    role: z.enum(questionRoles).optional(),
    /** Where the question comes from (report and line), for the coordinator. */
    source: storableString().optional(),
  })
  .strict();
export type Question = z.infer<typeof questionSchema>;

export const moduleSchema = z
  .object({
    key: z.string().regex(keyPattern),
    title: localizedTextSchema,
    optional: z.boolean().optional(),
    /** Filled per municipality from its local module (catalogue of interventions). */
    local: z.boolean().optional(),
    questions: z.array(questionSchema),
  })
  .strict();
export type BatteryModule = z.infer<typeof moduleSchema>;

/** The shape of a battery: what a draft must have to be saved (the editor's form schema). */
export const batteryShapeSchema = z
  .object({
    title: localizedTextSchema,
    intro: localizedTextSchema,
    scales: z.record(z.string().regex(keyPattern), scaleSchema),
    special: z.object({ dont_know: localizedTextSchema, no_answer: localizedTextSchema }).strict(),
    /** The two answers of every yes/no question. */
    yesno: z.object({ yes: localizedTextSchema, no: localizedTextSchema }).strict(),
    modules: z.array(moduleSchema).min(1),
    /** Recorded by the ambassador at the end of an interview; never shown to the respondent. */
    ambassadorFields: z.array(questionSchema),
  })
  .strict();

/** A publishable battery: the shape plus the cross-field rules (see findStructuralProblems). */
export const batteryContentSchema = batteryShapeSchema.superRefine((content, ctx) => {
  for (const issue of findStructuralProblems(content)) {
    ctx.addIssue({
      code: "custom",
      message: issue.message,
      path: issue.path,
      params: { problem: issue.code, ...issue.params },
    });
  }
});
export type BatteryContent = z.infer<typeof batteryContentSchema>;

/** A municipality's local module: its catalogue of interventions (and optional extra questions). */
export const localModuleShapeSchema = z
  .object({
    catalogue: z.array(optionSchema).min(1, "The catalogue needs at least one intervention"),
    questions: z.array(questionSchema).default([]),
  })
  .strict();
export const localModuleContentSchema = localModuleShapeSchema.superRefine((content, ctx) => {
  const seen = new Set<string>();
  content.catalogue.forEach((o, i) => {
    if (seen.has(o.key))
      ctx.addIssue({
        code: "custom",
        message: `Intervention key "${o.key}" is used twice`,
        path: ["catalogue", i, "key"],
        params: { problem: "catalogueKeyDup", key: o.key },
      });
    seen.add(o.key);
  });
});
export type LocalModuleContent = z.infer<typeof localModuleContentSchema>;

/** What a structural problem is, so each screen can say it in its own language; `message` is the English text. */
export type ProblemCode =
  | "moduleKeyDup"
  | "questionKeyDup"
  | "optionsNeeded"
  | "optionsNotAllowed"
  | "optionKeyDup"
  | "scaleMissing"
  | "scaleNotAllowed"
  | "maxChoicesNotAllowed"
  | "exclusiveNotAllowed"
  | "exclusiveUnknown"
  | "showIfUnknown"
  | "showIfText"
  | "showIfNoOption"
  | "includesNeedsMulti"
  | "repeatForUnknown"
  | "repeatForNeedsMulti"
  | "catalogueKeyDup"
  | "roleDup"
  | "roleNeedsSingle";
export type StructuralProblem = {
  path: (string | number)[];
  message: string;
  code: ProblemCode;
  params: Record<string, string>;
};

/**
 * Cross-field rules a zod shape cannot express: unique keys, options where needed,
 * scales that exist, conditions that point backwards at questions and options that exist.
 * Conditions may only refer to earlier questions, which also rules out cycles.
 */
export function findStructuralProblems(content: {
  scales: Record<string, Scale>;
  modules: BatteryModule[];
  ambassadorFields: Question[];
}): StructuralProblem[] {
  const problems: StructuralProblem[] = [];
  const seen = new Map<string, Question>();
  const moduleKeys = new Set<string>();
  const roles = new Map<string, string>();

  content.modules.forEach((module, mi) => {
    if (moduleKeys.has(module.key))
      problems.push({
        path: ["modules", mi, "key"],
        message: `Module key "${module.key}" is used twice`,
        code: "moduleKeyDup",
        params: { key: module.key },
      });
    moduleKeys.add(module.key);
    module.questions.forEach((q, qi) => {
      const path = ["modules", mi, "questions", qi];
      checkQuestion(q, path, seen, content.scales, problems);
      if (seen.has(q.key))
        problems.push({
          path: [...path, "key"],
          message: `Question key "${q.key}" is used twice`,
          code: "questionKeyDup",
          params: { key: q.key },
        });
      seen.set(q.key, q);
      if (q.role) {
        const other = roles.get(q.role);
        if (other)
          problems.push({
            path: [...path, "role"],
            message: `"${other}" already has the role ${q.role}`,
            code: "roleDup",
            params: { role: q.role, question: other },
          });
        roles.set(q.role, q.key);
        if (q.type !== "single" || q.repeatFor)
          problems.push({
            path: [...path, "role"],
            message: "A question with a role is a single choice asked once",
            code: "roleNeedsSingle",
            params: { role: q.role },
          });
      }
    });
  });
  content.ambassadorFields.forEach((q, qi) => {
    const path = ["ambassadorFields", qi];
    checkQuestion(q, path, new Map(), content.scales, problems);
    if (seen.has(q.key))
      problems.push({
        path: [...path, "key"],
        message: `Question key "${q.key}" is used twice`,
        code: "questionKeyDup",
        params: { key: q.key },
      });
    seen.set(q.key, q);
  });
  return problems;
}

function checkQuestion(
  q: Question,
  path: (string | number)[],
  earlier: Map<string, Question>,
  scales: Record<string, Scale>,
  problems: StructuralProblem[],
) {
  const needsOptions = q.type === "single" || q.type === "multi";
  if (needsOptions && !q.optionsFrom && (!q.options || q.options.length === 0)) {
    problems.push({
      path: [...path, "options"],
      message: "A choice question needs options",
      code: "optionsNeeded",
      params: {},
    });
  }
  if (!needsOptions && (q.options?.length || q.optionsFrom)) {
    problems.push({
      path: [...path, "options"],
      message: `A ${q.type} question has no options of its own`,
      code: "optionsNotAllowed",
      params: { type: q.type },
    });
  }
  if (q.options) {
    const keys = q.options.map((o) => o.key);
    const dup = keys.find((k, i) => keys.indexOf(k) !== i);
    if (dup)
      problems.push({
        path: [...path, "options"],
        message: `Option key "${dup}" is used twice`,
        code: "optionKeyDup",
        params: { key: dup },
      });
  }
  if (q.type === "scale" && (!q.scale || !scales[q.scale])) {
    problems.push({
      path: [...path, "scale"],
      message: `Scale "${q.scale ?? ""}" does not exist`,
      code: "scaleMissing",
      params: { scale: q.scale ?? "" },
    });
  }
  if (q.type !== "scale" && q.scale)
    problems.push({
      path: [...path, "scale"],
      message: "Only scale questions have a scale",
      code: "scaleNotAllowed",
      params: {},
    });
  if (q.maxChoices !== undefined && q.type !== "multi") {
    problems.push({
      path: [...path, "maxChoices"],
      message: "Only multiple-choice questions have a maximum",
      code: "maxChoicesNotAllowed",
      params: {},
    });
  }
  if (q.exclusiveOption !== undefined) {
    if (q.type !== "multi")
      problems.push({
        path: [...path, "exclusiveOption"],
        message: "Only multiple-choice questions have an exclusive option",
        code: "exclusiveNotAllowed",
        params: {},
      });
    else if (!q.optionsFrom && q.options && !q.options.some((o) => o.key === q.exclusiveOption)) {
      problems.push({
        path: [...path, "exclusiveOption"],
        message: `Exclusive option "${q.exclusiveOption}" is not one of the options`,
        code: "exclusiveUnknown",
        params: { option: q.exclusiveOption },
      });
    }
  }
  if (q.showIf) {
    const target = earlier.get(q.showIf.question);
    if (!target) {
      problems.push({
        path: [...path, "showIf"],
        message: `showIf refers to "${q.showIf.question}", which is not an earlier question`,
        code: "showIfUnknown",
        params: { question: q.showIf.question },
      });
    } else {
      if (target.type === "text")
        problems.push({
          path: [...path, "showIf"],
          message: "showIf cannot depend on a free-text question",
          code: "showIfText",
          params: {},
        });
      const known = optionKeysOf(target, scales);
      if (known) {
        for (const v of q.showIf.values) {
          if (!known.includes(v))
            problems.push({
              path: [...path, "showIf"],
              message: `"${q.showIf.question}" has no option "${v}"`,
              code: "showIfNoOption",
              params: { question: q.showIf.question, option: v },
            });
        }
      }
      if (q.showIf.op === "includes" && target.type !== "multi") {
        problems.push({
          path: [...path, "showIf"],
          message: "'includes' needs a multiple-choice question",
          code: "includesNeedsMulti",
          params: {},
        });
      }
    }
  }
  if (q.repeatFor) {
    const target = earlier.get(q.repeatFor.question);
    if (!target) {
      problems.push({
        path: [...path, "repeatFor"],
        message: `repeatFor refers to "${q.repeatFor.question}", which is not an earlier question`,
        code: "repeatForUnknown",
        params: { question: q.repeatFor.question },
      });
    } else if (target.type !== "multi") {
      problems.push({
        path: [...path, "repeatFor"],
        message: "repeatFor needs a multiple-choice question",
        code: "repeatForNeedsMulti",
        params: {},
      });
    }
  }
}

/** The option keys a question can take, or undefined where they come at run time. */
export function optionKeysOf(q: Question, scales: Record<string, Scale>): string[] | undefined {
  switch (q.type) {
    case "yesno":
      return ["yes", "no"];
    case "scale":
      return q.scale ? scales[q.scale]?.options.map((o) => o.key) : undefined;
    case "single":
    case "multi":
      return q.optionsFrom ? undefined : (q.options ?? []).map((o) => o.key);
    default:
      return [];
  }
}

/** The question that has a role, if any. */
export function questionWithRole(content: Pick<BatteryContent, "modules">, role: QuestionRole): Question | undefined {
  return allQuestions(content).find((q) => q.role === role);
}

/** Every question of a battery in order, modules flattened. */
export function allQuestions(content: Pick<BatteryContent, "modules">): Question[] {
  return content.modules.flatMap((m) => m.questions);
}

/** One answer as it travels from browser or device to server (see logic.ts for what each kind means). */
export const answerValueSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("choice"), value: storableString().min(1).max(64) }).strict(),
  z.object({ kind: z.literal("choices"), values: z.array(storableString().min(1).max(64)).min(1).max(50) }).strict(),
  z.object({ kind: z.literal("text"), value: storableString().max(10_000) }).strict(),
  z.object({ kind: z.literal("special"), value: z.enum(specialAnswers) }).strict(),
]);

/**
 * Structural problems grouped by the question they belong to ("modules.2.questions.5"), for showing each problem
 * beside its question in the editor; problems of a module itself are under "modules.2". Never throws on a
 * half-edited battery: whatever cannot be checked yet is simply not reported.
 */
export function problemsByQuestion(
  content: Pick<BatteryContent, "scales" | "modules" | "ambassadorFields">,
): Map<string, StructuralProblem[]> {
  const out = new Map<string, StructuralProblem[]>();
  let problems: StructuralProblem[];
  try {
    problems = findStructuralProblems({
      scales: content.scales ?? {},
      modules: content.modules ?? [],
      ambassadorFields: content.ambassadorFields ?? [],
    });
  } catch {
    return out;
  }
  for (const p of problems) {
    const at =
      p.path[0] === "modules" && p.path[2] === "questions"
        ? p.path.slice(0, 4).join(".")
        : p.path.slice(0, 2).join(".");
    out.set(at, [...(out.get(at) ?? []), p]);
  }
  return out;
}
