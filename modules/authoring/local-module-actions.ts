"use server";
/**
 * Saving and publishing a municipality's local module. The guard checks the municipality on the server: staff
 * may change only their own municipality's module, whatever the form says.
 */
import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { AccessDenied, requireAction } from "@/lib/auth/guard";
import { getDb } from "@/lib/db";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { problemText } from "./problems";
import { localBatteryId, saveLocalModule } from "./local-modules";
import { loadDraft, publishDraft } from "./versions";

const inputSchema = z.object({
  locale: z.string(),
  municipality: z.string().regex(/^\d{4}$/),
  loadedAt: z.string().max(40),
  content: z.unknown(),
  publish: z.boolean(),
});
export type LocalModuleResult =
  | { status: "ok"; message: string; loadedAt: string }
  | { status: "error"; message: string; problems?: string[]; loadedAt?: string };

export async function saveLocalModuleAction(input: z.input<typeof inputSchema>): Promise<LocalModuleResult> {
  const parsed = inputSchema.safeParse(input);
  const locale: Locale = parsed.success && isLocale(parsed.data.locale) ? parsed.data.locale : "sv";
  const t = await getTranslations({ locale, namespace: "localModule" });
  if (!parsed.success) return { status: "error", message: t("invalid") };
  const { municipality, content, publish } = parsed.data;
  let principal;
  try {
    principal = await requireAction({ roles: ["staff", "coordinator", "admin"], municipality });
  } catch (err) {
    if (err instanceof AccessDenied)
      return { status: "error", message: (await getTranslations({ locale, namespace: "errors" }))("forbiddenTitle") };
    throw err;
  }
  const db = getDb();
  const exists = await db.selectFrom("municipality").select("code").where("code", "=", municipality).executeTakeFirst();
  if (!exists) return { status: "error", message: t("invalid") };
  const batteryId = await localBatteryId(db, municipality);
  const saved = await saveLocalModule(db, { batteryId, content, loadedAt: parsed.data.loadedAt, userId: principal.id });
  if (saved !== "saved") return { status: "error", message: t(saved === "invalid" ? "invalid" : saved) };
  if (publish) {
    const published = await publishDraft(db, batteryId, principal.id);
    if (!published.ok) {
      // The draft was saved; only publishing was refused, so the editor carries on from the saved draft.
      const draft = await loadDraft(db, batteryId);
      const te = await getTranslations({ locale, namespace: "batteryEditor" });
      return {
        status: "error",
        message: t("publishProblems"),
        problems: published.problems.map((p) => problemText(te as never, p)),
        loadedAt: draft?.updated_at.toISOString(),
      };
    }
    revalidatePath(`/${locale}/municipalities/${municipality}/local-module`);
    return { status: "ok", message: t("published", { version: published.version }), loadedAt: "" };
  }
  revalidatePath(`/${locale}/municipalities/${municipality}/local-module`);
  return { status: "ok", message: t("saved"), loadedAt: (await loadDraft(db, batteryId))!.updated_at.toISOString() };
}
