import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AcceptInviteForm } from "@/modules/ambassador/components/AcceptInviteForm";
import { findInvitation } from "@/modules/ambassador/invitations";
import { getDb } from "@/lib/db";
import { toLocale } from "@/lib/i18n/locales";

type Props = { params: Promise<{ locale: string; token: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  return { title: (await getTranslations({ locale, namespace: "invite" }))("metaTitle"), referrer: "no-referrer" };
}

/** An invited ambassador chooses a password (the link itself is the proof of the invitation). */
export default async function InvitePage({ params }: Props) {
  const { token } = await params;
  const locale = toLocale((await params).locale);
  const t = await getTranslations({ locale, namespace: "invite" });
  const invitation = await findInvitation(getDb(), token);
  if (!invitation) {
    return (
      <>
        <h1>{t("title")}</h1>
        <p className="alert">{t("invalid")}</p>
      </>
    );
  }
  return (
    <>
      <h1>{t("title")}</h1>
      <p>{t("lead", { email: invitation.email })}</p>
      <AcceptInviteForm
        locale={locale}
        token={token}
        labels={{ password: t("password"), confirm: t("confirm"), submit: t("submit") }}
      />
    </>
  );
}
