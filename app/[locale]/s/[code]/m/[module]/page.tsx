export { default, generateMetadata } from "@/modules/respondent/pages/question";
