export { default, generateMetadata } from "@/modules/staff-home/pages/municipality";
