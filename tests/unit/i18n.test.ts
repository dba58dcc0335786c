import { readFileSync } from "node:fs";
import path from "node:path";
import { IntlMessageFormat } from "intl-messageformat";
import { xlsFormIssueCodes } from "@/modules/authoring/xlsform";
import { describe, expect, it } from "vitest";
import { directionOf, localeTable, locales } from "@/lib/i18n/locales";

type Tree = { [key: string]: string | Tree };
const load = (l: string) => JSON.parse(readFileSync(path.resolve("messages", `${l}.json`), "utf8")) as Tree;
const flat = (t: Tree, pre = ""): [string, string][] =>
  Object.entries(t).flatMap(([k, v]) =>
    typeof v === "string" ? [[pre + k, v] as [string, string]] : flat(v, `${pre}${k}.`),
  );
const source = new Map(flat(load("sv")));

describe("locales", () => {
  it("are right-to-left exactly for Arabic, Persian, Dari and Sorani", () => {
    expect(locales.filter((l) => directionOf(l) === "rtl")).toEqual(["ar", "fa", "fa-AF", "ckb"]);
  });

  it("name every language in its own script", () => {
    expect(locales.map((l) => localeTable[l].nativeName)).toEqual([
      "Svenska",
      "English",
      "العربية",
      "فارسی",
      "دری",
      "سۆرانی",
      "Kurmancî",
      "Soomaali",
      "ትግርኛ",
      "Українська",
    ]);
  });
});

describe.each(locales)("messages/%s.json", (locale) => {
  const messages = new Map(flat(load(locale)));

  it("has exactly the keys of the Swedish source, none empty", () => {
    expect([...messages.keys()].sort()).toEqual([...source.keys()].sort());
    for (const [key, value] of messages) expect(value.trim(), key).not.toBe("");
  });

  it("keeps every placeholder and formats with the language's plural rules", () => {
    for (const [key, sv] of source) {
      const text = messages.get(key)!;
      const names = [...sv.matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]);
      const values = Object.fromEntries(
        names.map((n) => [
          n,
          n === "date" || n === "name" || n === "municipality" || n === "region" || n === "role" ? "X" : 3,
        ]),
      );
      for (const name of names) expect(text, `${key} keeps {${name}}`).toMatch(new RegExp(`\\{${name}[,}]`));
      expect(() => new IntlMessageFormat(text, locale).format(values), key).not.toThrow();
    }
  });

  if (locale !== "sv" && locale !== "en") {
    // What respondents and ambassadors read must be in their language; staff-only pages may fall back to English.
    const translatedNamespaces = [
      "common",
      "landing",
      "survey",
      "errors",
      "signIn",
      "roles",
      "ambassadorHome",
      "interview",
      "invite",
      "privacy",
    ];
    it("is translated where respondents and ambassadors read it, not a copy of English", () => {
      const en = new Map(flat(load("en")));
      const same = [...messages].filter(
        ([k, v]) => translatedNamespaces.includes(k.split(".")[0]!) && v === en.get(k) && !/^\{[^}]+\}$/.test(v),
      );
      expect(same.map(([k]) => k)).toEqual([]);
    });
  }
});

describe("XLSForm import report", () => {
  it("has a message for every issue code, so each report row reads in the coordinator's language", () => {
    const sv = load("sv") as { xlsform: Record<string, string> };
    expect(Object.keys(sv.xlsform).sort()).toEqual([...xlsFormIssueCodes].sort());
  });
});
