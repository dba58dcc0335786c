/**
 * Dashboard filters live in the URL (a view is a shareable link). One zod schema reads them; a value it
 * does not know is reported back by name, never silently ignored and never a 500. Pure.
 */
import { z } from "zod";
import { locales } from "@/lib/i18n/locales";

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export const filterSchema = z
  .object({
    /** Municipality (coordinators and admins choose; staff always see their own). Absent: the region. */
    m: z.string().regex(/^\d{4}$/).optional(),
    /** Collection round (survey id). */
    round: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    /** Battery version. */
    version: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    from: month.optional(),
    to: month.optional(),
    lang: z.enum(locales).optional(),
    age: z.enum(["16_24", "25_39", "40_64", "65p"]).optional(),
    gender: z.enum(["woman", "man", "other"]).optional(),
    time: z.enum(["lt1", "1to2", "2to5", "gt5"]).optional(),
    mode: z.enum(["self", "assisted", "handover"]).optional(),
    module: z.string().regex(/^[a-z_]{1,40}$/).optional(),
    question: z.string().regex(/^[a-z][a-z0-9_.]{1,80}$/).optional(),
  })
  .strict();
export type Filters = z.infer<typeof filterSchema>;

export const filterKeys = Object.keys(filterSchema.shape) as (keyof Filters)[];

export type FilterReading = { ok: true; filters: Filters } | { ok: false; invalid: string[] };

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
  if (invalid.length) return { ok: false, invalid: [...new Set(invalid)] };
  if (parsed.data!.from && parsed.data!.to && parsed.data!.from > parsed.data!.to) return { ok: false, invalid: ["from", "to"] };
  return { ok: true, filters: parsed.data! };
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
