/**
 * Dashboard filters live in the URL (a view is a shareable link). One zod schema reads them; a value it does not
 * know is reported back by name, never silently ignored and never a 500. Pure.
 *
 * What can be combined is part of disclosure control (README "Disclosure control"): a round, and at most one group:
 * a language, an age band, a gender, a time in Sweden or a mode. Answers are shown for one closed round at a time;
 * there are no date windows and no unions of rounds: a round is the unit of time.
 */
import { z } from "zod";
import { locales } from "@/lib/i18n/locales";

const optionKey = z.string().regex(/^[a-z0-9][a-z0-9_]{0,63}$/);

export const filterSchema = z
  .object({
    /** Municipality (coordinators and admins choose; staff always see their own). Absent: the region. */
    m: z
      .string()
      .regex(/^\d{4}$/)
      .optional(),
    /** Collection round (survey id). */
    round: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    lang: z.enum(locales).optional(),
    /** Option keys of the battery's questions with the roles age, gender and time in Sweden. */
    age: optionKey.optional(),
    gender: optionKey.optional(),
    time: optionKey.optional(),
    /** Answers given on one's own, aloud to an ambassador, or in private during an interview. */
    mode: z.enum(["self", "assisted", "handover"]).optional(),
    module: z
      .string()
      .regex(/^[a-z_]{1,40}$/)
      .optional(),
    question: z
      .string()
      .regex(/^[a-z][a-z0-9_.]{1,80}$/)
      .optional(),
  })
  .strict();
export type Filters = z.infer<typeof filterSchema>;

export const filterKeys = Object.keys(filterSchema.shape) as (keyof Filters)[];

/** The group filters: at most one at a time. The first four narrow to respondents' groups within a closed round. */
export const groupFilterKeys = ["lang", "age", "gender", "time", "mode"] as const;
export type GroupFilterKey = (typeof groupFilterKeys)[number];
export const closedRoundFilterKeys = ["lang", "age", "gender", "time"] as const;
export type GroupDimension = (typeof closedRoundFilterKeys)[number];

export type FilterReading =
  { ok: true; filters: Filters } | { ok: false; invalid: string[]; problem: "unreadable" | "oneGroup" };

/** Reads URL search params; empty values mean "no filter". */
export function readFilters(params: Record<string, string | string[] | undefined>): FilterReading {
  const raw: Record<string, string> = {};
  const invalid: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    const v = Array.isArray(value) ? value[0] : value;
    if (v === undefined || v === "") continue;
    if (!(filterKeys as string[]).includes(key)) {
      invalid.push(key.slice(0, 30));
      continue;
    }
    raw[key] = v;
  }
  const parsed = filterSchema.safeParse(raw);
  if (!parsed.success) invalid.push(...parsed.error.issues.map((i) => String(i.path[0] ?? "?")));
  if (invalid.length) return { ok: false, invalid: [...new Set(invalid)], problem: "unreadable" };
  const filters = parsed.data!;
  const groups = groupFilterKeys.filter((k) => filters[k] !== undefined);
  if (groups.length > 1) return { ok: false, invalid: groups, problem: "oneGroup" };
  return { ok: true, filters };
}

/** The group filter in use, if any. */
export function groupFilter(filters: Filters): { dim: GroupFilterKey; value: string } | null {
  for (const key of groupFilterKeys) {
    const value = filters[key];
    if (value !== undefined) return { dim: key, value };
  }
  return null;
}

/** The query string of a view, for links and exports. */
export function filterQuery(filters: Filters, change: Partial<Filters> = {}): string {
  const merged = { ...filters, ...change };
  const params = new URLSearchParams();
  for (const key of filterKeys) {
    const v = merged[key];
    if (v !== undefined && v !== "") params.set(key, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}
