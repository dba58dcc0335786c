import { redirect } from "next/navigation";
import { toLocale } from "@/lib/i18n/locales";
import { requirePage } from "@/lib/auth/guard";
import { homePath } from "@/lib/auth/policy";

/** Sends each signed-in user to their role's home. */
export default async function HomeRedirect({ params }: { params: Promise<{ locale: string }> }) {
  const locale = toLocale((await params).locale);
  const principal = await requirePage({ roles: ["admin", "coordinator", "staff", "ambassador"] }, locale);
  redirect(`/${locale}${homePath(principal.role)}`);
}
