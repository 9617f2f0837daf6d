/** One demo user per role (three partner agencies, every hub). Demo data only: never in production. */
import type { Role } from "../auth/roles";

export const DEMO_PASSWORD = "front-door-demo";

export interface DemoUser {
  label: string;
  email: string;
  displayName: string;
  role: Role;
  agencyCode?: string;
  hubCode?: string;
}

export const DEMO_USERS: DemoUser[] = [
  { label: "MASH screener", email: "screener@demo.mash.example", displayName: "Sam Okafor", role: "screener" },
  { label: "MASH manager", email: "manager@demo.mash.example", displayName: "Morgan Reid", role: "manager" },
  { label: "Partner: police", email: "police@demo.mash.example", displayName: "DC Priya Shah", role: "partner", agencyCode: "police" },
  { label: "Partner: health", email: "health@demo.mash.example", displayName: "Helen Marsh", role: "partner", agencyCode: "health" },
  { label: "Partner: education", email: "education@demo.mash.example", displayName: "Ed Collins", role: "partner", agencyCode: "education" },
  { label: "Early help hub: North", email: "north@demo.mash.example", displayName: "Nia Evans", role: "early_help", hubCode: "north" },
  { label: "Early help hub: Exeter", email: "exeter@demo.mash.example", displayName: "Ewan Hughes", role: "early_help", hubCode: "exeter" },
  { label: "Early help hub: Mid & East", email: "mid-east@demo.mash.example", displayName: "Maya Patel", role: "early_help", hubCode: "mid_east" },
  { label: "Early help hub: South & West", email: "south-west@demo.mash.example", displayName: "Sian Lloyd", role: "early_help", hubCode: "south_west" },
  { label: "Performance lead", email: "performance@demo.mash.example", displayName: "Pat Lindqvist", role: "performance" },
  { label: "Administrator", email: "admin@demo.mash.example", displayName: "Alex Morgan", role: "admin" },
];
