/** npm run db:migrate | db:seed | retention | publish — against DATABASE_URL, or the embedded server when it is unset. */
import { createDb } from "@/lib/db";
import { prepareDatabase, resolveDatabase } from "@/lib/db/prepare";
import { publishPools } from "@/modules/dashboard/publication";
import { applyRetention } from "@/modules/admin/retention";

const command = process.argv[2];
if (command !== "migrate" && command !== "seed" && command !== "retention" && command !== "publish") {
  console.error("usage: tsx scripts/db.ts migrate|seed|retention|publish");
  process.exit(2);
}
const log = (m: string) => console.log(m);
const { url, embedded } = await resolveDatabase(log);
try {
  await prepareDatabase(url, { seed: command === "seed" ? "always" : "never", log });
  if (command === "retention") {
    const db = createDb(url, { max: 2 });
    const { responses, drafts } = await applyRetention(db);
    await db.destroy();
    log(`retention: deleted ${responses} responses past the region's retention period and ${drafts} abandoned drafts`);
  } else if (command === "publish") {
    const db = createDb(url, { max: 2 });
    const r = await publishPools(db);
    await db.destroy();
    log(
      r.skipped
        ? "publication: another instance is publishing"
        : `publication: ${r.responses} responses and ${r.answers} answers published in ${r.municipalities.length} municipalities; rounds made final: ${r.finalRounds.join(", ") || "none"}`,
    );
  } else log(command === "seed" ? "seed done" : "migrations up to date");
} finally {
  if (embedded?.startedHere) await embedded.stop();
}
process.exit(0);
