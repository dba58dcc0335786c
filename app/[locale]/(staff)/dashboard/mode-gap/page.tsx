export { default, generateMetadata } from "@/modules/dashboard/pages/mode-gap";
