import Link from "next/link";
import "./globals.css";

// Reached only for paths the locale proxy does not handle; localized pages use app/[locale]/not-found.tsx.
export default function GlobalNotFound() {
  return (
    <html lang="sv" dir="ltr">
      <body>
        <main>
          <h1>Sidan finns inte</h1>
          <p>
            <Link href="/sv">Till startsidan</Link>
          </p>
        </main>
      </body>
    </html>
  );
}
