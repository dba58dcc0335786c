import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LATEST_MIGRATION } from "@/lib/db/schema-version";

describe("the schema version this build needs", () => {
  it("is the last migration in migrations/", () => {
    const files = readdirSync(path.resolve(import.meta.dirname, "../../migrations"))
      .filter((f) => /^\d{4}_.+\.ts$/.test(f))
      .sort();
    expect(LATEST_MIGRATION).toBe(files.at(-1)!.replace(/\.ts$/, ""));
  });
});
