export { default, generateMetadata } from "@/modules/ambassador/pages/home";
