export { default, generateMetadata } from "@/modules/ambassador/pages/interview";
