import { localeTable, locales, type Locale } from "@/lib/i18n/locales";

/**
 * Every language by its own name, in its own script and direction. Plain links, so it works without
 * JavaScript; `path` is the current path without its locale prefix.
 */
export function LanguageList({ current, path }: { current: Locale; path: string }) {
  return (
    <ul className="language-list">
      {locales.map((code) => {
        const info = localeTable[code];
        return (
          <li key={code}>
            <a
              href={`/${code}${path}`}
              hrefLang={code}
              lang={code}
              dir={info.dir}
              aria-current={code === current ? "true" : undefined}
            >
              {info.nativeName}
            </a>
          </li>
        );
      })}
    </ul>
  );
}
