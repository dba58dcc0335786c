export { default, generateMetadata } from "@/modules/authoring/pages/battery";
// Route segment settings must be literal in the route file.
export const dynamic = "force-dynamic";
