export { default, generateMetadata } from "@/modules/authoring/pages/translations";
// Route segment settings must be literal in the route file.
export const dynamic = "force-dynamic";
