import type { Locale } from "@/lib/i18n/locales";
import { getFormatter, getTranslations } from "next-intl/server";
import type { fetchCurrentBattery } from "@/modules/staff-home/queries";

export async function BatteryCard({
  battery,
  locale,
}: {
  battery: Awaited<ReturnType<typeof fetchCurrentBattery>>;
  locale: Locale;
}) {
  if (!battery) return null;
  const t = await getTranslations({ locale, namespace: "staff" });
  const format = await getFormatter({ locale });
  return (
    <section className="card" aria-labelledby="battery">
      <h2 id="battery">{t("battery")}</h2>
      <p>
        {t("batteryVersion", {
          version: battery.version,
          date: format.dateTime(battery.publishedAt, { dateStyle: "medium" }),
        })}
      </p>
      <p>{t("questionsCount", { count: battery.questions, modules: battery.modules })}</p>
    </section>
  );
}
