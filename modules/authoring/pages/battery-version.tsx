import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/guard";
import { diffBatteries } from "@/lib/battery/diff";
import { batteryContentSchema } from "@/lib/battery/schema";
import { pickText } from "@/lib/battery/text";
import { regionalBatteryId, listVersions } from "@/modules/authoring/versions";
import { getDb } from "@/lib/db";
import { toLocale } from "@/lib/i18n/locales";

type Props = { params: Promise<{ locale: string; version: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return {
    title: `${(await getTranslations({ locale, namespace: "batteryAdmin" }))("version")} ${(await params).version}`,
  };
}

/** One published version: what changed since the previous one, question by question. */
export default async function VersionPage({ params }: Props) {
  const locale = toLocale((await params).locale);
  const number = Number((await params).version);
  if (!Number.isInteger(number) || number < 1) notFound();
  await requirePage({ roles: ["coordinator", "admin"] }, locale);
  const t = await getTranslations({ locale, namespace: "batteryAdmin" });
  const db = getDb();
  const battery = { id: await regionalBatteryId(db) };
  const versions = await listVersions(db, battery.id);
  const current = versions.find((v) => v.version === number);
  if (!current) notFound();
  const previous = versions.find((v) => v.version === number - 1);
  const content = batteryContentSchema.parse(current.content);
  const changes = previous ? diffBatteries(batteryContentSchema.parse(previous.content), content) : [];
  const questionText = (key: string) => {
    const q = content.modules.flatMap((m) => m.questions).find((x) => x.key === key);
    return q ? pickText(q.text, locale).text : key;
  };
  return (
    <>
      <h1>
        {t("version")} {number}
      </h1>
      <p>
        <a href={`/api/battery/versions/${number}`} download>
          {t("exportJson")}
        </a>
      </p>
      <h2>{t("changes")}</h2>
      {changes.length === 0 ? (
        <p>{t("noChanges")}</p>
      ) : (
        <ul className="changes">
          {changes.map((c) => (
            <li key={`${c.kind}-${c.key}`}>
              <strong>{t(`kind_${c.kind}`)}</strong> <code>{c.key}</code>
              {c.kind === "reworded" ? (
                <>
                  : <del>{c.before}</del> → <ins>{c.after}</ins>
                </>
              ) : c.kind === "options" ? (
                <>
                  :{" "}
                  {[
                    ...c.added.map((k) => `+${k}`),
                    ...c.removed.map((k) => `−${k}`),
                    ...c.relabelled.map((k) => `~${k}`),
                  ].join(", ")}
                </>
              ) : c.kind === "removed" ? null : (
                <>: {questionText(c.key)}</>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
