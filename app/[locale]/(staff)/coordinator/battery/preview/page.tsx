export { default, generateMetadata } from "@/modules/authoring/pages/battery-preview";
