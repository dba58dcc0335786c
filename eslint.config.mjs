import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    ".data/**",
    "node_modules/**",
    "next-env.d.ts",
    "tests/e2e/.artifacts/**",
    "public/sw.js",
  ]),
  {
    rules: {
      // The domain core must stay free of framework imports so that server, browser and tests share it.
      "no-restricted-imports": "off",
    },
  },
  {
    files: ["lib/battery/**", "lib/i18n/locales.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["next", "next/*", "react", "react-dom", "kysely", "pg", "@/lib/db/*"] },
      ],
    },
  },
]);
