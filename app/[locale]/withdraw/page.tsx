export { default, generateMetadata } from "@/modules/respondent/pages/withdraw";
