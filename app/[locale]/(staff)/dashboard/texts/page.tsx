export { default, generateMetadata } from "@/modules/dashboard/pages/texts";
