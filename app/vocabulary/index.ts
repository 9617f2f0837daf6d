/** Every code list the app records, each defined once (see term.ts). */
export * from "./term";
export * from "./referral-sources";
export * from "./channels";
export * from "./outcomes";
export * from "./primary-needs";
export * from "./ethnicities";
export * from "./sexes";
export * from "./disabilities";
export * from "./factors";
export * from "./levels-of-need";
export * from "./rag";
export * from "./consent";
export * from "./statuses";
