/** npm run db:migrate | db:seed — against DATABASE_URL, or the embedded server when it is unset. */
import { prepareDatabase, resolveDatabase } from "@/lib/db/prepare";

const command = process.argv[2];
if (command !== "migrate" && command !== "seed") {
  console.error("usage: tsx scripts/db.ts migrate|seed");
  process.exit(2);
}
const log = (m: string) => console.log(m);
const { url, embedded } = await resolveDatabase(log);
try {
  await prepareDatabase(url, { seed: command === "seed" ? "always" : "never", log });
  log(command === "seed" ? "seed done" : "migrations up to date");
} finally {
  if (embedded?.startedHere) await embedded.stop();
}
process.exit(0);
