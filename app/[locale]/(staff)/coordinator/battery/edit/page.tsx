export { default, generateMetadata } from "@/modules/authoring/pages/battery-edit";
// Route segment settings must be literal in the route file.
export const dynamic = "force-dynamic";
