export { default, generateMetadata } from "@/modules/admin/pages/audit";
