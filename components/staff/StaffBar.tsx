import { getTranslations } from "next-intl/server";
import { DeviceSignOut } from "@/modules/ambassador/components/DeviceSignOut";
import { signOutAction } from "@/lib/auth/actions";
import { homePath, type Principal } from "@/lib/auth/policy";
import type { Locale } from "@/lib/i18n/locales";

/** Who is signed in, a way home and a way out; shown above every staff page. */
export async function StaffBar({ locale, principal }: { locale: Locale; principal: Principal }) {
  const t = await getTranslations({ locale, namespace: "common" });
  const ts = await getTranslations({ locale, namespace: "staff" });
  const tr = await getTranslations({ locale, namespace: "roles" });
  const ti = await getTranslations({ locale, namespace: "interview" });
  return (
    <nav className="staff-bar" aria-label={t("staffArea")}>
      <span>{ts("signedInAs", { name: principal.name, role: tr(principal.role) })}</span>
      <a href={`/${locale}${homePath(principal.role)}`}>{t("home")}</a>
      {principal.role === "ambassador" ? (
        // An ambassador's device keeps interviews: signing out keeps theirs, or clears the device when none wait.
        <DeviceSignOut
          locale={locale}
          ambassador={principal.id}
          texts={{
            signOut: t("signOut"),
            waiting: ti.raw("signOutWaiting") as string,
            anyway: ti("signOutAnyway"),
            cancel: ti("signOutCancel"),
          }}
        />
      ) : (
        <form action={signOutAction}>
          <input type="hidden" name="locale" value={locale} />
          <button type="submit" className="secondary">
            {t("signOut")}
          </button>
        </form>
      )}
    </nav>
  );
}
