/** The routes our HTTP layer answers ahead of Next.js (see direct-routes.ts); every other path is Next's, under app/. */
import { submissionRoute } from "@/lib/survey/submit-api";
import type { DirectRoute } from "./direct-routes";

export const directRoutes: readonly DirectRoute[] = [submissionRoute];
