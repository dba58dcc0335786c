/**
 * The response payload: what a respondent's browser (or an ambassador's device) sends. One zod schema,
 * used by the form flow, the JSON endpoint and ambassador sync.
 */
import { z } from "zod";
import { answerValueSchema } from "@/lib/battery/schema";
import { locales } from "@/lib/i18n/locales";

export const surveyCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{4,12}$/);

/** Slot ids are question keys, with #item for repeated questions. */
const slotIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+(#[a-z0-9_]+)?$/)
  .max(120);

export const responsePayloadSchema = z
  .object({
    id: z.uuid(),
    survey: surveyCodeSchema,
    locale: z.enum(locales),
    /** Only needed where the survey covers several municipalities (else taken from the survey). */
    municipality: z
      .string()
      .regex(/^\d{4}$/)
      .optional(),
    answers: z.record(slotIdSchema, answerValueSchema).refine((a) => Object.keys(a).length <= 300, "Too many answers"),
  })
  .strict();
export type ResponsePayload = z.infer<typeof responsePayloadSchema>;
