export { default } from "@/modules/respondent/pages/intro";
