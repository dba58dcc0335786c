export { default, generateMetadata } from "@/modules/respondent/pages/privacy";
