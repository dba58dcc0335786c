export { default, generateMetadata } from "@/modules/dashboard/pages/report";
