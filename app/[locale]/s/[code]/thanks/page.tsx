export { default } from "@/modules/respondent/pages/thanks";
