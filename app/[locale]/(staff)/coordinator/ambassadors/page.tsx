export { default, generateMetadata } from "@/modules/ambassador/pages/coordinator-ambassadors";
