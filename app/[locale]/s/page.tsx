export { default } from "@/modules/respondent/pages/code";
