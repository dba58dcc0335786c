export { default, generateMetadata } from "@/modules/authoring/pages/battery-version";
