/**
 * A pure, deterministic generator of realistic synthetic contact history for demo data.
 *
 * Everything comes from one small PRNG (mulberry32) seeded by `options.seed`; the clock is
 * `options.now`. No Math.random, no Date.now, no I/O: the same options give the same output.
 *
 * Nothing here describes real people. Names are drawn from common name lists, phone numbers
 * from Ofcom's ranges reserved for drama (01632 960xxx, 07700 900xxx), e-mail addresses use the
 * reserved `.example` top-level domain, and NHS numbers are in the range kept for test data
 * (999 000 0000–999 999 9999, never issued to patients) with a valid modulus-11 check digit.
 *
 * Shapes of the history (see ../../../shared/MEASURES.md for the measures they feed):
 * - contacts spread over the `years` before `now`, weighted to weekday working hours (police
 *   notifications, A&E and the public also at evenings and weekends; schools quiet in holidays);
 * - referral sources in the proportions of shared/data/sample-contacts.csv;
 * - about 78% of decided contacts not a referral, ~1 in 7 referrals a strategy discussion;
 * - about 38% repeat contacts and ~25–31% re-referrals, by drawing children for new contacts
 *   from the children seen in the 12 months before (biased towards children referred then);
 * - about 2% duplicates of a contact of the same child received a few hours/days earlier;
 * - ~15% of contacts in sibling groups of 2–3 (same groupId, surname, postcode and receivedAt);
 * - decisions mostly within one working day; the last ~3 days mostly still pending.
 */
import type { DecisionOutcomeCode } from "../../app/vocabulary/outcomes";

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

export interface SyntheticPerson {
  id: string;
  childId: string;
  firstName: string | null;
  lastName: string;
  dateOfBirth: string | null;
  expectedDateOfBirth: string | null;
  sex: "M" | "F" | "U";
  ethnicity: string | null;
  postcode: string | null;
  nhsNumber: string | null;
}

export type SyntheticChannel = "phone" | "email" | "police_notification" | "online_form" | "in_person";
export type SyntheticOutcome =
  | "referral"
  | "strategy_discussion"
  | "early_help"
  | "nfa"
  | "advice_signpost"
  | "existing_case"
  | "duplicate";
export type SyntheticHub = "north" | "exeter" | "mid_east" | "south_west";
export type SyntheticRag = "red" | "amber" | "green";

export interface SyntheticInformationRequest {
  agencyCode: "police" | "health" | "education";
  requestedAt: string;
  rag: SyntheticRag | null;
  status: "requested" | "returned" | "nothing_known";
  respondedAt: string | null;
  information: string | null;
}

export interface SyntheticContact {
  id: string;
  reference: string;
  groupId: string | null;
  personId: string;
  /** ISO 8601, UTC. */
  receivedAt: string;
  /** CIN census referral source code. */
  source: string;
  channel: SyntheticChannel;
  referrer: {
    name: string;
    role?: string;
    organisation?: string;
    phone?: string;
    email?: string;
    professional: boolean;
  };
  concern: string;
  immediateRisk: boolean;
  consent: "given" | "refused" | "not_sought";
  priority: SyntheticRag;
  outcome: SyntheticOutcome | null;
  decidedAt: string | null;
  levelOfNeed: 1 | 2 | 3 | 4 | null;
  primaryNeed: string | null;
  hubCode: SyntheticHub | null;
  duplicateOf: string | null;
  factors: string[];
  informationRequests: SyntheticInformationRequest[];
}

export interface SyntheticHistoryOptions {
  seed: number;
  now: Date;
  /** How many years of history before `now`. Default 2. */
  years?: number;
  /** Contacts (one per child) per year. Default 3000. */
  contactsPerYear?: number;
}

export interface SyntheticHistory {
  people: SyntheticPerson[];
  contacts: SyntheticContact[];
}

/** True for a 10-digit NHS number whose last digit is its modulus-11 check digit. */
export function isValidNhsNumber(s: string): boolean {
  if (!/^\d{10}$/.test(s)) return false;
  const digits = Array.from(s, (c) => c.charCodeAt(0) - 48);
  const check = nhsCheckDigit(digits.slice(0, 9));
  return check !== null && check === digits[9];
}

/** England and Wales bank holidays of a year, `YYYY-MM-DD`, computed from the standing rules plus the one-off changes since 1995. */
export function bankHolidaysEnglandWales(year: number): string[] {
  return [...bankHolidayDays(year)].sort((a, b) => a - b).map(dayToIso);
}

// ---------------------------------------------------------------------------------------------
// Reference data
// ---------------------------------------------------------------------------------------------

/**
 * Contacts per referral source in shared/data/sample-contacts.csv (646 contacts), counted once
 * and used as relative weights: Police (6) 29.4%, Schools (2A) 18.3%, the rest 0.6–5.4% each.
 */
export const SOURCE_COUNTS_IN_SAMPLE: Readonly<Record<string, number>> = {
  "6": 190,
  "2A": 118,
  "8": 35,
  "5B": 27,
  "5A": 26,
  "3A": 24,
  "7": 24,
  "3E": 23,
  "1A": 21,
  "3B": 19,
  "5D": 19,
  "5C": 18,
  "3F": 17,
  "1B": 14,
  "2B": 13,
  "3C": 11,
  "4": 11,
  "3D": 11,
  "9": 10,
  "1D": 6,
  "1C": 5,
  "10": 4,
};

/**
 * Outcome weights for a child without a referral in the 12 months before, and for a child with
 * one. Tuned so that (with the repeat draws below) ~22% of decided contacts are referrals (about
 * 1 in 7 of them strategy discussions, most of those from immediate-risk contacts), ~28% of
 * referrals are re-referrals, and the non-referral outcomes keep the sample file's proportions
 * (nfa ≈ advice/signpost > early help > existing case).
 */
const OUTCOME_WEIGHTS_FRESH: ReadonlyArray<readonly [DecidedOutcome, number]> = [
  ["referral", 0.145],
  ["strategy_discussion", 0.006],
  ["early_help", 0.225],
  ["nfa", 0.27],
  ["advice_signpost", 0.27],
  ["existing_case", 0.07],
];
const OUTCOME_WEIGHTS_RECENTLY_REFERRED: ReadonlyArray<readonly [DecidedOutcome, number]> = [
  ["referral", 0.4],
  ["strategy_discussion", 0.03],
  ["early_help", 0.12],
  ["nfa", 0.13],
  ["advice_signpost", 0.1],
  ["existing_case", 0.15],
];
const OUTCOME_WEIGHTS_IMMEDIATE_RISK: ReadonlyArray<readonly [DecidedOutcome, number]> = [
  ["strategy_discussion", 0.72],
  ["referral", 0.18],
  ["existing_case", 0.1],
];

/** Probability that a new contact is about a child seen in the 12 months before (before the warm-up ramp). */
const REPEAT_PROBABILITY = 0.41;
/** Of those repeat draws, the share taken from the children referred in the 12 months before. */
const REPEAT_FROM_REFERRALS = 0.16;
/** Probability that a new contact is about a child last seen more than 12 months before. */
const RETURN_AFTER_GAP_PROBABILITY = 0.025;
/** Probability that a single-child contact is a duplicate of a contact received in the 3 days before. */
const DUPLICATE_PROBABILITY = 0.023;
/** Decisions made after the end of the next working day. */
const LATE_DECISION_SHARE = 0.13;

type DecidedOutcome = DecisionOutcomeCode;

const PRIMARY_NEED_REFERRAL: ReadonlyArray<readonly [string, number]> = [
  ["N1", 0.6],
  ["N5", 0.14],
  ["N4", 0.05],
  ["N3", 0.045],
  ["N2", 0.045],
  ["N0", 0.045],
  ["N7", 0.03],
  ["N8", 0.02],
  ["N6", 0.015],
  ["N9", 0.01],
];
const PRIMARY_NEED_STRATEGY: ReadonlyArray<readonly [string, number]> = [
  ["N1", 0.9],
  ["N5", 0.04],
  ["N4", 0.03],
  ["N0", 0.03],
];

/** Ethnicity of a new family (CIN census codes), roughly as in the sample file. */
const ETHNICITY_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ["WBRI", 80.5],
  ["WOTH", 4.6],
  ["WIRI", 0.5],
  ["WIRT", 0.8],
  ["WROM", 0.4],
  ["MWBA", 1.6],
  ["MWAS", 1.5],
  ["MWBC", 1.2],
  ["MOTH", 1.2],
  ["BCRB", 1.3],
  ["BAFR", 1.1],
  ["BOTH", 0.3],
  ["AIND", 0.9],
  ["APKN", 0.8],
  ["ABAN", 0.8],
  ["AOTH", 0.4],
  ["CHNE", 0.3],
  ["OOTH", 0.5],
  ["NOBT", 1.3],
  ["REFU", 0.2],
];

type NameGroup = "british" | "eastern_european" | "south_asian" | "african" | "chinese" | "caribbean";

const FIRST_NAMES: Readonly<Record<NameGroup, { M: readonly string[]; F: readonly string[] }>> = {
  british: {
    M: [
      "Oliver", "George", "Harry", "Jack", "Jacob", "Noah", "Charlie", "Thomas", "Oscar", "William",
      "James", "Leo", "Alfie", "Henry", "Joshua", "Freddie", "Archie", "Ethan", "Isaac", "Alexander",
      "Joseph", "Edward", "Samuel", "Max", "Logan", "Lucas", "Daniel", "Theo", "Arthur", "Harrison",
      "Benjamin", "Mason", "Finley", "Sebastian", "Adam", "Dylan", "Zachary", "Riley", "Teddy", "Elijah",
      "Jake", "Toby", "Louie", "Reuben", "Arlo", "Hugo", "Jaxon", "Albert", "Frankie", "Tommy",
      "Ollie", "Kai", "Jenson", "Ronnie", "Tyler", "Callum", "Kieran", "Liam", "Connor", "Ryan",
      "Lewis", "Bradley", "Jordan", "Nathan", "Aaron", "Luke", "Kyle", "Jayden", "Rory", "Elliot",
      "Stanley", "Bobby", "Reggie", "Alfred", "Ezra", "Jude", "Rowan", "Harvey", "Caleb", "Corey",
    ],
    F: [
      "Olivia", "Amelia", "Isla", "Ava", "Emily", "Isabella", "Mia", "Poppy", "Ella", "Lily",
      "Sophia", "Grace", "Freya", "Evie", "Charlotte", "Florence", "Ivy", "Willow", "Sophie", "Daisy",
      "Sienna", "Jessica", "Alice", "Phoebe", "Matilda", "Ruby", "Rosie", "Elsie", "Evelyn", "Harper",
      "Millie", "Chloe", "Scarlett", "Erin", "Esme", "Emilia", "Maisie", "Eliza", "Lucy", "Holly",
      "Lola", "Eva", "Layla", "Hannah", "Megan", "Katie", "Lauren", "Amber", "Bethany", "Leah",
      "Abigail", "Niamh", "Paige", "Courtney", "Jasmine", "Mollie", "Lexi", "Darcie", "Aria", "Luna",
      "Maya", "Thea", "Violet", "Hallie", "Bonnie", "Ellie", "Georgia", "Summer", "Skye", "Tilly",
      "Imogen", "Harriet", "Nancy", "Orla", "Libby", "Eleanor", "Kayla", "Demi", "Tia", "Macy",
    ],
  },
  eastern_european: {
    M: ["Jakub", "Kacper", "Szymon", "Filip", "Mateusz", "Antoni", "Andrei", "Matei", "Lukas", "Dominik", "Mikolaj", "Oskar", "Tomasz", "Bogdan", "Stefan"],
    F: ["Zofia", "Zuzanna", "Julia", "Maja", "Hanna", "Lena", "Alicja", "Ioana", "Maria", "Natalia", "Oliwia", "Wiktoria", "Gabriela", "Elena", "Daria"],
  },
  south_asian: {
    M: ["Muhammad", "Mohammed", "Ibrahim", "Yusuf", "Ayaan", "Zain", "Arjun", "Aarav", "Rohan", "Hamza", "Omar", "Rayan", "Ishaan", "Haris", "Bilal"],
    F: ["Aisha", "Fatima", "Maryam", "Zara", "Amira", "Anaya", "Priya", "Inaya", "Hafsa", "Sana", "Aleena", "Zainab", "Diya", "Saanvi", "Noor"],
  },
  african: {
    M: ["Tobi", "Chidi", "Kwame", "Emeka", "Tunde", "David", "Samuel", "Daniel", "Joshua", "Kofi", "Femi", "Yaw", "Elijah"],
    F: ["Amara", "Adaeze", "Chioma", "Esther", "Grace", "Blessing", "Abena", "Precious", "Favour", "Ifeoma", "Deborah", "Ama", "Ruth"],
  },
  chinese: {
    M: ["Ethan", "Lucas", "Jun", "Hao", "Kai", "Ryan", "Wei", "Jason"],
    F: ["Mei", "Chloe", "Lily", "Xin", "Emily", "Yan", "Jasmine", "Ling"],
  },
  caribbean: {
    M: ["Marcus", "Jamal", "Tyrone", "Kyrie", "Malachi", "Isaiah", "Jaden", "Leon", "Reuben", "Nathan"],
    F: ["Aaliyah", "Shanice", "Imani", "Kiara", "Tiana", "Jada", "Naomi", "Keisha", "Nia", "Maya"],
  },
};

const SURNAMES: Readonly<Record<NameGroup, readonly string[]>> = {
  british: [
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
    "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
    "Lewis", "Harris", "Clarke", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward",
    "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen", "James",
    "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell",
    "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller",
    "Cox", "Richards", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Wilkinson", "Foster", "Chapman",
    "Powell", "Webb", "Rogers", "Gray", "Mason", "Hunt", "Matthews", "Owen", "Palmer", "Holmes",
    "Mills", "Barnes", "Knight", "Lloyd", "Butler", "Russell", "Barker", "Fisher", "Stevens", "Jenkins",
    "Murray", "Dixon", "Harvey", "Pengelly", "Trewin", "Coombes", "Luscombe", "Hext", "Passmore", "Vosper",
    "Ridd", "Squire", "Tapp", "Heard", "Snell", "Pidgeon", "Lang", "Furse", "Gill", "Stoneman",
    "Westaway", "Ackland", "Hutchings", "Northcott", "Yeo", "Bowden", "Cann", "Pike", "Quick", "Sanders",
    "Dart", "Tucker", "Body", "Cole", "Endacott", "Friend", "Gould", "Hooper", "Jewell", "Lake",
  ],
  eastern_european: ["Nowak", "Kaczmarek", "Mazur", "Krawczyk", "Wozniak", "Dudek", "Popescu", "Ionescu", "Popa", "Dumitru", "Marin", "Rusu", "Lungu", "Horvath", "Balogh", "Novak"],
  south_asian: ["Khan", "Ahmed", "Ali", "Hussain", "Patel", "Singh", "Shah", "Rahman", "Islam", "Iqbal", "Choudhury", "Miah", "Sharma", "Gupta", "Akhtar", "Mahmood"],
  african: ["Okafor", "Adeyemi", "Mensah", "Osei", "Okonkwo", "Adebayo", "Boateng", "Asante", "Nwosu", "Eze", "Ogunleye", "Owusu", "Bangura", "Kamara"],
  chinese: ["Chen", "Wang", "Li", "Zhang", "Liu", "Wong", "Cheung", "Lam", "Ng"],
  caribbean: ["Campbell", "Francis", "Grant", "Henry", "Reid", "Samuels", "Bailey", "Clarke", "Brown", "Williams"],
};

/** Adult first names for referrers. */
const ADULT_FIRST_NAMES: readonly string[] = [
  "Sarah", "Emma", "Claire", "Rachel", "Helen", "Laura", "Kate", "Louise", "Nicola", "Rebecca",
  "Joanne", "Lisa", "Karen", "Amanda", "Jo", "Vicky", "Gemma", "Hayley", "Michelle", "Samantha",
  "Stephen", "Mark", "Paul", "David", "Andrew", "Richard", "Simon", "Gareth", "Darren", "Chris",
  "Matt", "Tom", "Ian", "Neil", "James", "Rob", "Dan", "Lee", "Craig", "Martin",
  "Priya", "Agnieszka", "Tunde", "Fiona", "Sian", "Bethan", "Jenny", "Alison", "Suzanne", "Kerry",
];

type NameGroupMix = ReadonlyArray<readonly [NameGroup, number]>;
/** Which name lists a family of each ethnicity draws its (first, last) names from. */
function nameGroupsFor(ethnicity: string): { first: NameGroupMix; last: NameGroupMix } {
  switch (ethnicity) {
    case "WOTH":
    case "WROM":
      return { first: [["eastern_european", 0.65], ["british", 0.35]], last: [["eastern_european", 0.65], ["british", 0.35]] };
    case "AIND":
    case "APKN":
    case "ABAN":
    case "AOTH":
      return { first: [["south_asian", 0.9], ["british", 0.1]], last: [["south_asian", 1]] };
    case "MWAS":
      return { first: [["british", 0.6], ["south_asian", 0.4]], last: [["british", 0.55], ["south_asian", 0.45]] };
    case "BAFR":
      return { first: [["african", 0.75], ["british", 0.25]], last: [["african", 1]] };
    case "MWBA":
      return { first: [["british", 0.75], ["african", 0.25]], last: [["british", 0.6], ["african", 0.4]] };
    case "BCRB":
    case "BOTH":
    case "MWBC":
      return { first: [["caribbean", 0.5], ["british", 0.5]], last: [["caribbean", 0.5], ["british", 0.5]] };
    case "CHNE":
      return { first: [["chinese", 0.8], ["british", 0.2]], last: [["chinese", 1]] };
    default:
      return { first: [["british", 1]], last: [["british", 1]] };
  }
}

/** Local areas of the county: postcode district, locality hub and the services around them. */
interface Locality {
  place: string;
  town: string;
  district: string;
  hub: SyntheticHub;
  council: string;
  hospital: string;
  weight: number;
}

const RDE = "Royal Devon and Exeter Hospital";
const NDDH = "North Devon District Hospital";
const TORBAY = "Torbay Hospital";
const DERRIFORD = "Derriford Hospital";

const LOCALITIES: readonly Locality[] = [
  { place: "Heavitree", town: "Exeter", district: "EX1", hub: "exeter", council: "Exeter City Council", hospital: RDE, weight: 3 },
  { place: "Whipton", town: "Exeter", district: "EX1", hub: "exeter", council: "Exeter City Council", hospital: RDE, weight: 2.5 },
  { place: "Pinhoe", town: "Exeter", district: "EX1", hub: "exeter", council: "Exeter City Council", hospital: RDE, weight: 1.5 },
  { place: "Wonford", town: "Exeter", district: "EX2", hub: "exeter", council: "Exeter City Council", hospital: RDE, weight: 3 },
  { place: "St Thomas", town: "Exeter", district: "EX2", hub: "exeter", council: "Exeter City Council", hospital: RDE, weight: 2.5 },
  { place: "Alphington", town: "Exeter", district: "EX2", hub: "exeter", council: "Exeter City Council", hospital: RDE, weight: 1.5 },
  { place: "Topsham", town: "Exeter", district: "EX3", hub: "exeter", council: "Exeter City Council", hospital: RDE, weight: 0.8 },
  { place: "Exwick", town: "Exeter", district: "EX4", hub: "exeter", council: "Exeter City Council", hospital: RDE, weight: 2 },
  { place: "Beacon Heath", town: "Exeter", district: "EX4", hub: "exeter", council: "Exeter City Council", hospital: RDE, weight: 1.5 },
  { place: "Pennsylvania", town: "Exeter", district: "EX4", hub: "exeter", council: "Exeter City Council", hospital: RDE, weight: 1 },
  { place: "Exminster", town: "Exminster", district: "EX6", hub: "exeter", council: "Teignbridge District Council", hospital: RDE, weight: 1 },
  { place: "Broadclyst", town: "Broadclyst", district: "EX5", hub: "mid_east", council: "East Devon District Council", hospital: RDE, weight: 1.2 },
  { place: "Dawlish", town: "Dawlish", district: "EX7", hub: "south_west", council: "Teignbridge District Council", hospital: TORBAY, weight: 2 },
  { place: "Exmouth", town: "Exmouth", district: "EX8", hub: "mid_east", council: "East Devon District Council", hospital: RDE, weight: 5.5 },
  { place: "Budleigh Salterton", town: "Budleigh Salterton", district: "EX9", hub: "mid_east", council: "East Devon District Council", hospital: RDE, weight: 0.8 },
  { place: "Sidmouth", town: "Sidmouth", district: "EX10", hub: "mid_east", council: "East Devon District Council", hospital: RDE, weight: 1.6 },
  { place: "Ottery St Mary", town: "Ottery St Mary", district: "EX11", hub: "mid_east", council: "East Devon District Council", hospital: RDE, weight: 1.3 },
  { place: "Seaton", town: "Seaton", district: "EX12", hub: "mid_east", council: "East Devon District Council", hospital: RDE, weight: 1 },
  { place: "Axminster", town: "Axminster", district: "EX13", hub: "mid_east", council: "East Devon District Council", hospital: RDE, weight: 1.4 },
  { place: "Honiton", town: "Honiton", district: "EX14", hub: "mid_east", council: "East Devon District Council", hospital: RDE, weight: 1.8 },
  { place: "Cullompton", town: "Cullompton", district: "EX15", hub: "mid_east", council: "Mid Devon District Council", hospital: RDE, weight: 1.8 },
  { place: "Tiverton", town: "Tiverton", district: "EX16", hub: "mid_east", council: "Mid Devon District Council", hospital: RDE, weight: 3.5 },
  { place: "Crediton", town: "Crediton", district: "EX17", hub: "mid_east", council: "Mid Devon District Council", hospital: RDE, weight: 1.8 },
  { place: "Chulmleigh", town: "Chulmleigh", district: "EX18", hub: "north", council: "North Devon Council", hospital: NDDH, weight: 0.5 },
  { place: "Winkleigh", town: "Winkleigh", district: "EX19", hub: "north", council: "Torridge District Council", hospital: NDDH, weight: 0.4 },
  { place: "Okehampton", town: "Okehampton", district: "EX20", hub: "north", council: "West Devon Borough Council", hospital: RDE, weight: 1.8 },
  { place: "Beaworthy", town: "Beaworthy", district: "EX21", hub: "north", council: "Torridge District Council", hospital: NDDH, weight: 0.3 },
  { place: "Holsworthy", town: "Holsworthy", district: "EX22", hub: "north", council: "Torridge District Council", hospital: NDDH, weight: 0.9 },
  { place: "Colyton", town: "Colyton", district: "EX24", hub: "mid_east", council: "East Devon District Council", hospital: RDE, weight: 0.4 },
  { place: "Barnstaple", town: "Barnstaple", district: "EX31", hub: "north", council: "North Devon Council", hospital: NDDH, weight: 3.5 },
  { place: "Forches", town: "Barnstaple", district: "EX32", hub: "north", council: "North Devon Council", hospital: NDDH, weight: 2.5 },
  { place: "Braunton", town: "Braunton", district: "EX33", hub: "north", council: "North Devon Council", hospital: NDDH, weight: 1.2 },
  { place: "Ilfracombe", town: "Ilfracombe", district: "EX34", hub: "north", council: "North Devon Council", hospital: NDDH, weight: 2.4 },
  { place: "Lynton", town: "Lynton", district: "EX35", hub: "north", council: "North Devon Council", hospital: NDDH, weight: 0.3 },
  { place: "South Molton", town: "South Molton", district: "EX36", hub: "north", council: "North Devon Council", hospital: NDDH, weight: 1.2 },
  { place: "Umberleigh", town: "Umberleigh", district: "EX37", hub: "north", council: "North Devon Council", hospital: NDDH, weight: 0.4 },
  { place: "Great Torrington", town: "Great Torrington", district: "EX38", hub: "north", council: "Torridge District Council", hospital: NDDH, weight: 1 },
  { place: "Bideford", town: "Bideford", district: "EX39", hub: "north", council: "Torridge District Council", hospital: NDDH, weight: 3.5 },
  { place: "Dartmouth", town: "Dartmouth", district: "TQ6", hub: "south_west", council: "South Hams District Council", hospital: TORBAY, weight: 0.9 },
  { place: "Kingsbridge", town: "Kingsbridge", district: "TQ7", hub: "south_west", council: "South Hams District Council", hospital: DERRIFORD, weight: 1.2 },
  { place: "Salcombe", town: "Salcombe", district: "TQ8", hub: "south_west", council: "South Hams District Council", hospital: DERRIFORD, weight: 0.2 },
  { place: "Totnes", town: "Totnes", district: "TQ9", hub: "south_west", council: "South Hams District Council", hospital: TORBAY, weight: 1.8 },
  { place: "South Brent", town: "South Brent", district: "TQ10", hub: "south_west", council: "South Hams District Council", hospital: DERRIFORD, weight: 0.4 },
  { place: "Buckfastleigh", town: "Buckfastleigh", district: "TQ11", hub: "south_west", council: "Teignbridge District Council", hospital: TORBAY, weight: 0.5 },
  { place: "Newton Abbot", town: "Newton Abbot", district: "TQ12", hub: "south_west", council: "Teignbridge District Council", hospital: TORBAY, weight: 5 },
  { place: "Bovey Tracey", town: "Bovey Tracey", district: "TQ13", hub: "south_west", council: "Teignbridge District Council", hospital: TORBAY, weight: 1.2 },
  { place: "Teignmouth", town: "Teignmouth", district: "TQ14", hub: "south_west", council: "Teignbridge District Council", hospital: TORBAY, weight: 2.2 },
  { place: "Yealmpton", town: "Yealmpton", district: "PL8", hub: "south_west", council: "South Hams District Council", hospital: DERRIFORD, weight: 0.5 },
  { place: "Lifton", town: "Lifton", district: "PL16", hub: "south_west", council: "West Devon Borough Council", hospital: DERRIFORD, weight: 0.3 },
  { place: "Tavistock", town: "Tavistock", district: "PL19", hub: "south_west", council: "West Devon Borough Council", hospital: DERRIFORD, weight: 1.8 },
  { place: "Yelverton", town: "Yelverton", district: "PL20", hub: "south_west", council: "West Devon Borough Council", hospital: DERRIFORD, weight: 0.7 },
  { place: "Ivybridge", town: "Ivybridge", district: "PL21", hub: "south_west", council: "South Hams District Council", hospital: DERRIFORD, weight: 2.4 },
];

const HUB_NAMES: Readonly<Record<SyntheticHub, string>> = {
  north: "Northern Devon",
  exeter: "Exeter",
  mid_east: "Mid and East Devon",
  south_west: "South and West Devon",
};

/** Letters used in the inward part of UK postcodes (never C, I, K, M, O, V). */
const POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";
const ID_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

// ---------------------------------------------------------------------------------------------
// Concern texts. Tokens: {Name} the child's (or siblings') first name(s); {they} {them} {their}
// (and capitalised) he/she/they…; {is} {was} {has} agree with {Name}; {age}; {town}.
// In `from` and referrer organisations: {place} {town} {hospital} {council} {hub}.
// ---------------------------------------------------------------------------------------------

interface ConcernTemplate {
  text: string;
  /** 3 serious (referral territory), 2 moderate, 1 low. */
  severity: 1 | 2 | 3;
  factors: readonly string[];
  /** Fits a sibling group. */
  group?: boolean;
  /** An unborn child (no name, no pronouns). */
  unborn?: boolean;
  /** Fits an immediate-risk contact. */
  immediate?: boolean;
  minAge?: number;
  maxAge?: number;
  /** Who says it, when the source has several kinds of referrer: [role, organisation]. */
  from?: readonly [string, string];
}

const CONCERNS: Readonly<Record<string, readonly ConcernTemplate[]>> = {
  "6": [
    { text: "Police attended a domestic abuse incident at the home address overnight. {Name} {was} in the property. Mother reports being pushed by her partner; PPN submitted, DASH assessed as medium risk.", severity: 2, factors: ["3B"], group: true },
    { text: "Domestic abuse incident attended: father arrested for assaulting mother. {Name} witnessed the assault and {was} visibly distressed. DASH high risk, MARAC referral made.", severity: 3, factors: ["3B", "17A"], group: true },
    { text: "Verbal argument between parents reported by a neighbour. No offences disclosed. {Name} {was} asleep upstairs. DASH standard risk; information sharing only.", severity: 1, factors: ["3B"], group: true },
    { text: "{Name} reported missing from home last night and found by officers at 02:00 in {town} town centre with older males. Return home interview requested.", severity: 2, factors: ["10A", "11A"], minAge: 11 },
    { text: "Officers attended a welfare check. Home conditions very poor: little food, dog faeces on the floors, {Name} unkempt. Mother appeared to be under the influence of alcohol.", severity: 3, factors: ["16A", "1B"], group: true },
    { text: "{Name} arrested for possession of cannabis with intent to supply; officers believe {they} {is} being exploited by a county lines network.", severity: 3, factors: ["24A", "13A", "2A"], minAge: 12 },
    { text: "Police called after mother's ex-partner breached a non-molestation order. {Name} {was} at home at the time; no injuries.", severity: 2, factors: ["3B"], group: true },
    { text: "Intoxicated parent found in charge of {Name} in a park in {town}; officers took {them} to a grandparent.", severity: 2, factors: ["1B"], group: true, maxAge: 12 },
    { text: "Report that {Name} sent sexual images to an adult male met online. Investigation started and devices seized.", severity: 3, factors: ["11A", "19C"], minAge: 11 },
    { text: "{Name} involved in a disturbance with a group of youths in {town}; anti-social behaviour warning given, parents informed.", severity: 1, factors: ["14A"], minAge: 10 },
    { text: "Cannabis found during a search of the address; parents cautioned. {Name} {was} present. No other concerns noted by officers.", severity: 1, factors: ["2B"], group: true },
    { text: "{Name} told officers that {their} stepfather hit {them} with a belt; marks visible on the backs of the legs. {They} {is} refusing to go home.", severity: 3, factors: ["18C"], immediate: true, minAge: 5 },
    { text: "Domestic abuse incident: father strangled mother in front of {Name} and has left the scene; he is not yet arrested.", severity: 3, factors: ["3B", "17A"], immediate: true, group: true },
    { text: "Domestic abuse incident: expectant mother (28 weeks) assaulted by her partner. Arrest made; she has declined to support a prosecution.", severity: 3, factors: ["3B"], unborn: true },
  ],
  "2A": [
    { text: "{Name} came into school with bruising to {their} cheek and said dad had 'lost it' last night.", severity: 3, factors: ["18C"] },
    { text: "{Name} has worn the same unwashed uniform for two weeks, is often hungry and has been taking food from other children's lunchboxes.", severity: 2, factors: ["16A"] },
    { text: "Attendance has fallen to 68% this term. When in school {Name} is tired and withdrawn, and mum is not answering our calls.", severity: 1, factors: ["20"] },
    { text: "{Name} told {their} teacher that mum's boyfriend shouts and throws things at home and that it is scary.", severity: 2, factors: ["3B", "17A"] },
    { text: "{Name} disclosed self-harm (cuts to the forearms) to the school counsellor and says {they} {has} thoughts of ending {their} life.", severity: 3, factors: ["15A", "4A"], minAge: 10 },
    { text: "Staff have noticed {Name} has lost weight and is being collected by an unknown older male in a car.", severity: 3, factors: ["11A"], minAge: 11 },
    { text: "{Name}'s behaviour has deteriorated since dad left; frequent outbursts in class. Mum is asking for parenting support.", severity: 1, factors: ["14A"] },
    { text: "A parent arrived to collect {Name} smelling strongly of alcohol and unsteady on her feet; staff would not release {them}.", severity: 2, factors: ["1B"], group: true, maxAge: 11 },
    { text: "{Name} is caring for a younger brother and for mum, who has MS; often late and missing homework. Family would welcome support.", severity: 1, factors: ["7A", "6B"], minAge: 8 },
    { text: "{Name} disclosed sexual touching by an older cousin. The DSL has not yet spoken to parents.", severity: 3, factors: ["19B"] },
    { text: "Several staff worry about {Name}'s low mood and isolation since the family moved to {town}; parents are supportive.", severity: 1, factors: ["4A"] },
    { text: "{Name} {has} told staff there is often no food at home; {they} {is} arriving hungry and in unwashed uniform.", severity: 2, factors: ["16A"], group: true },
    { text: "Mum has told us that her ex-partner is out of prison and has threatened to take {Name}; she is frightened.", severity: 2, factors: ["3B"], group: true },
    { text: "Attendance for {Name} has dropped sharply this term; mum says she is struggling since losing her job and would welcome help.", severity: 1, factors: ["20"], group: true },
    { text: "At breakfast club {Name} said mum had been 'hurt by dad' last night and that {they} {was} scared to go home.", severity: 3, factors: ["3B", "17A"], group: true },
    { text: "{Name} disclosed this morning that {they} {was} hit with a belt at home and {is} frightened to go home tonight. Marks seen on {their} arm.", severity: 3, factors: ["18C"], immediate: true },
  ],
  "2B": [
    { text: "{Name} has been missing education for six weeks and the family do not answer the door.", severity: 2, factors: ["20"], group: true, minAge: 5, from: ["Education Welfare Officer", "Devon Education Welfare Service"] },
    { text: "We have been unable to see {Name} since {they} came off roll to be home educated; the family refuse all contact.", severity: 1, factors: ["20"], group: true, minAge: 5, from: ["Elective Home Education Officer", "Devon Elective Home Education Team"] },
    { text: "Parents of {Name} are struggling with {their} needs and asking for help; no immediate safeguarding concern.", severity: 1, factors: ["5A"], from: ["SEND Caseworker", "Devon SEND Team"] },
    { text: "{Name} has been excluded for a third time and disclosed being hit at home by dad when {they} {is} in trouble.", severity: 2, factors: ["18C", "14A"], minAge: 7, from: ["Inclusion Officer", "Devon Inclusion Service"] },
  ],
  "3A": [
    { text: "Mum attended with low mood and thoughts of harming herself; she is the sole carer for {Name}. Referred to the crisis team.", severity: 2, factors: ["4B"], group: true },
    { text: "Parent has missed three appointments for {Name}'s asthma review and the repeat inhaler has not been collected for months.", severity: 1, factors: ["16A"] },
    { text: "Dad disclosed heavy drinking most days and that he sometimes cannot remember looking after {Name}.", severity: 2, factors: ["1B"], group: true },
    { text: "{Name} presented with an unexplained burn to the hand; mum's explanation is not consistent with the injury.", severity: 3, factors: ["18C"] },
    { text: "GP concern about parental mental health: mum has stopped her medication and is paranoid about neighbours; {Name} at home with her.", severity: 2, factors: ["4B"], group: true },
    { text: "{Name} ({age}) asked for contraception and mentioned a boyfriend in his twenties.", severity: 3, factors: ["11A"], minAge: 13 },
    { text: "Parent asking for advice about {Name}'s sleep and behaviour; no safeguarding concerns, family would like support.", severity: 1, factors: ["14A"] },
    { text: "Pregnant patient (24 weeks) disclosed daily cannabis use and a previous child removed from her care elsewhere.", severity: 3, factors: ["2B"], unborn: true },
  ],
  "3B": [
    { text: "Home visit: flat cold and damp, {Name} has severe nappy rash and has dropped below the 2nd centile for weight.", severity: 2, factors: ["16A"], maxAge: 2 },
    { text: "Mum scored highly on the postnatal depression screen and says she is not coping with {Name}; partner works away.", severity: 1, factors: ["4B"], maxAge: 2 },
    { text: "Missed developmental checks and two no-access visits; the family has not been seen since {Name}'s last review.", severity: 2, factors: ["16A"], maxAge: 4 },
    { text: "Mum disclosed that her partner controls the money and checks her phone; she is frightened of him. {Name} lives with them.", severity: 2, factors: ["3B"], group: true },
    { text: "Antenatal contact: mother-to-be (20 weeks) disclosed domestic abuse by the baby's father, who has just been released from prison.", severity: 3, factors: ["3B"], unborn: true },
    { text: "Bruise seen on {Name}'s ear at a routine visit; parents unable to explain it.", severity: 3, factors: ["18C"], maxAge: 1 },
  ],
  "3C": [
    { text: "At a drop-in {Name} said {they} {is} drinking alcohol most weekends and staying out late.", severity: 1, factors: ["1A"], minAge: 12 },
    { text: "{Name} has had head lice for months, has decayed teeth and is often hungry; parents have not engaged.", severity: 2, factors: ["16A"] },
    { text: "{Name} talked about feeling low and scratching {their} arms; parents not aware.", severity: 2, factors: ["15A", "4A"], minAge: 10 },
    { text: "Enuresis clinic: {Name} said {they} {is} smacked when {they} wet the bed.", severity: 2, factors: ["18C"], maxAge: 12 },
  ],
  "3D": [
    { text: "Booking appointment: mother-to-be disclosed a history of domestic abuse from the baby's father, recently released from prison.", severity: 3, factors: ["3B"], unborn: true, from: ["Community Midwife", "{town} Community Midwifery Team"] },
    { text: "Late booking at 30 weeks: mother is 16 and sofa-surfing with her boyfriend.", severity: 2, factors: ["20"], unborn: true, from: ["Community Midwife", "{town} Community Midwifery Team"] },
    { text: "Mother-to-be has a learning disability and little support; worried about caring for the baby after the birth.", severity: 1, factors: ["5B"], unborn: true, from: ["Community Midwife", "{town} Community Midwifery Team"] },
    { text: "{Name} has severe untreated dental decay needing extractions; two missed appointments.", severity: 1, factors: ["16A"], from: ["Dentist", "{town} Dental Practice"] },
    { text: "Parent repeatedly asking for codeine early and appeared drowsy with {Name} in the pushchair.", severity: 2, factors: ["2B"], maxAge: 4, from: ["Community Pharmacist", "{town} Pharmacy"] },
  ],
  "3E": [
    { text: "{Name} brought in at 23:00 with a head injury; the explanation of a fall from the sofa does not fit the injury.", severity: 3, factors: ["18C"], maxAge: 4 },
    { text: "{Name} ({age}) brought in by ambulance intoxicated from a park in {town}; parents not contactable for several hours.", severity: 2, factors: ["1A", "10A"], minAge: 12 },
    { text: "{Name} attended after a paracetamol overdose and says {they} wanted to die.", severity: 3, factors: ["15A", "4A"], minAge: 11 },
    { text: "Parent attended intoxicated with {Name}; staff concerned about her ability to care for {them} safely.", severity: 2, factors: ["1B"], group: true },
    { text: "Fourth attendance this year for {Name} with minor injuries; each explained as accidents.", severity: 2, factors: ["16A"] },
    { text: "{Name} has a spiral fracture of the arm with no explanation; skeletal survey requested. Child still on the ward.", severity: 3, factors: ["18C"], immediate: true, maxAge: 3 },
  ],
  "3F": [
    { text: "{Name} discharged after missed appointments; ongoing self-harm risk and parents dismissive.", severity: 2, factors: ["15A", "4A"], minAge: 10, from: ["CAMHS Practitioner", "Devon CAMHS"] },
    { text: "{Name}'s parent left the ward for eight hours without telling staff; {Name} has complex medical needs.", severity: 2, factors: ["6A", "16A"], from: ["Ward Sister", "Children's Ward, {hospital}"] },
    { text: "{Name}'s feeding regime is not being followed and {their} weight is dropping.", severity: 2, factors: ["6A", "16A"], from: ["Community Children's Nurse", "{town} Community Children's Nursing Team"] },
    { text: "Our patient, a parent of {Name}, was detained under the Mental Health Act yesterday.", severity: 2, factors: ["4B"], group: true, from: ["Adult Mental Health Nurse", "Devon Adult Mental Health Service"] },
    { text: "The family of {Name} are under great strain; asking for practical support and short breaks.", severity: 1, factors: ["6A"], from: ["Hospice Nurse", "South West Children's Hospice Care"] },
  ],
  "4": [
    { text: "Family served with an eviction notice for rent arrears; {Name} sharing one room with mum at a friend's house.", severity: 1, factors: ["20"], group: true },
    { text: "Neighbours report shouting, smashing and a child crying late at night at the property where {Name} {is} living.", severity: 2, factors: ["3B"], group: true },
    { text: "Property inspection: severe hoarding, no working heating and rubbish piled in {Name}'s bedroom.", severity: 2, factors: ["16A"], group: true },
    { text: "Tenant with a history of drug use is letting unknown adults stay; concerns for {Name} living there.", severity: 2, factors: ["2B"], group: true },
  ],
  "5A": [
    { text: "Parent admitted to hospital after a relapse; {Name} staying with a grandparent who is struggling.", severity: 2, factors: ["4B"], group: true, from: ["Community Mental Health Nurse", "Devon Adult Mental Health Team"] },
    { text: "Assessment of mum (physical disability): {Name} provides personal care and is missing school.", severity: 1, factors: ["7A", "6B"], minAge: 8, from: ["Adult Social Care Worker", "Devon Adult Social Care"] },
    { text: "Service user (parent of {Name}) has relapsed on heroin and stopped attending.", severity: 2, factors: ["2B"], group: true, from: ["Drug and Alcohol Worker", "Devon Drug and Alcohol Service"] },
    { text: "Supporting a pregnant woman with little understanding of caring for a newborn.", severity: 2, factors: ["5B"], unborn: true, from: ["Learning Disability Nurse", "Devon Adult Learning Disability Team"] },
    { text: "Grandparent caring for {Name} has early dementia and the family want advice on support.", severity: 1, factors: ["6C"], group: true, from: ["Adult Social Care Worker", "Devon Adult Social Care"] },
  ],
  "5B": [
    { text: "{Name} disclosed being made to hold drugs for older boys and threatened when {they} refused.", severity: 3, factors: ["24A", "13A"], minAge: 12, from: ["Youth Justice Worker", "Devon Youth Justice Service"] },
    { text: "{Name} missing from home three times this month; I believe {they} {is} staying with an adult male.", severity: 3, factors: ["10A", "11A"], minAge: 12, from: ["Youth Worker", "Devon Youth Service"] },
    { text: "Parents of {Name} report exhaustion and are asking for respite; no safeguarding concerns raised.", severity: 1, factors: ["6A"], group: true, from: ["Disability Practitioner", "Devon Children's Disability Service"] },
    { text: "{Name} sleeping on friends' sofas after falling out with mum.", severity: 1, factors: ["20"], minAge: 13, from: ["Youth Worker", "Devon Youth Service"] },
    { text: "{Name}, on a referral order, says dad hits {them} when he is drunk.", severity: 2, factors: ["1B", "18C"], minAge: 10, from: ["Youth Justice Worker", "Devon Youth Justice Service"] },
  ],
  "5C": [
    { text: "Family with an open child protection plan in our area have moved to {town}; transfer-in conference requested for {Name}.", severity: 3, factors: ["16A", "3B"], group: true },
    { text: "Child in need case: family moved to {town}; {Name} {is} on a child in need plan for neglect.", severity: 2, factors: ["16A"], group: true },
    { text: "Information sharing: the father of {Name} is a registered sex offender now living at the address in {town}.", severity: 3, factors: ["19C"], group: true },
    { text: "Pre-birth assessment started in our area; mother has moved to {town} and is 32 weeks pregnant.", severity: 2, factors: ["20"], unborn: true },
  ],
  "5D": [
    { text: "Step-up from early help: parents have disengaged from the family support plan and concerns about neglect of {Name} are rising.", severity: 2, factors: ["16A"], group: true },
    { text: "Early help worker: {Name} disclosed that dad hits mum; mum minimises it.", severity: 3, factors: ["3B"] },
    { text: "Early help plan closing; family asking for advice about {Name}'s behaviour and sleep.", severity: 1, factors: ["14A"], group: true },
  ],
  "7": [
    { text: "High-risk domestic abuse perpetrator released on licence to an address where {Name} {is} living.", severity: 3, factors: ["3B"], group: true, from: ["Probation Officer", "Probation Service, {town}"] },
    { text: "Safeguarding checks in private law proceedings: mother alleges father uses drugs during contact with {Name}.", severity: 1, factors: ["2B"], group: true, from: ["Family Court Adviser", "Cafcass"] },
    { text: "Inmate (father of {Name}) made threats in a phone call to take {them} abroad on release.", severity: 2, factors: ["20"], group: true, from: ["Prison Family Liaison Officer", "HMP Exeter"] },
    { text: "Service user with domestic abuse convictions says his new partner is pregnant.", severity: 2, factors: ["3B"], unborn: true, from: ["Probation Officer", "Probation Service, {town}"] },
  ],
  "8": [
    { text: "Mum arrived at the hub with a black eye and said she walked into a door; {Name} was with her and very quiet.", severity: 2, factors: ["3B"], maxAge: 5, from: ["Family Support Worker", "{town} Family Hub"] },
    { text: "{Name} has been seen getting into cars with older men and has a new phone and clothes.", severity: 3, factors: ["11A"], minAge: 12, from: ["Youth Worker", "{town} Youth Project"] },
    { text: "{Name} is often collected late by different adults and arrives hungry.", severity: 1, factors: ["16A"], maxAge: 5, from: ["Pre-school Manager", "{place} Pre-school"] },
    { text: "Client disclosed that her partner threatened to kill her in front of {Name}.", severity: 3, factors: ["3B", "17A"], group: true, from: ["Domestic Abuse Support Worker", "{town} Domestic Abuse Support Service"] },
    { text: "Worried that the family are living without electricity and {Name} looked unwell when they collected a parcel.", severity: 1, factors: ["16A"], group: true, from: ["Foodbank Volunteer", "{town} Community Foodbank"] },
    { text: "{Name} turned up at the centre saying {they} cannot go home because mum's partner threatened {them} with a knife.", severity: 3, factors: ["18C"], immediate: true, minAge: 11, from: ["Youth Worker", "{town} Youth Project"] },
  ],
  "1A": [
    { text: "Grandmother worried that mum is drinking every day and leaving {Name} alone in the evenings.", severity: 2, factors: ["1B"], group: true },
    { text: "Father says mother's new partner has a history of violence and {Name} came back from her house with a bruise.", severity: 2, factors: ["18C"] },
    { text: "Aunt reports that {Name} told her there is never any food in the house.", severity: 1, factors: ["16A"], group: true },
    { text: "Mother asking for help: she cannot manage {Name}'s aggressive behaviour and {they} {has} hit her.", severity: 1, factors: ["14A"], minAge: 8 },
    { text: "Sister of the expectant mother is worried about her drug use during the pregnancy.", severity: 2, factors: ["2B"], unborn: true },
  ],
  "1B": [
    { text: "Neighbour hears shouting and a child screaming most nights and has seen {Name} outside late in the evening without a coat.", severity: 2, factors: ["16A"], group: true },
    { text: "Childminder noticed a bruise on {Name}'s arm; mum said {they} fell in the park.", severity: 2, factors: ["18C"], maxAge: 6 },
    { text: "Family friend says the home is filthy and there is drug paraphernalia within reach of {Name}.", severity: 2, factors: ["2B", "16A"], group: true },
    { text: "Neighbour says {Name} {is} left alone in the flat while mum goes out.", severity: 2, factors: ["16A"], group: true, maxAge: 12 },
  ],
  "1C": [
    { text: "{Name} rang to say {they} cannot go home because mum's boyfriend has threatened {them}.", severity: 3, factors: ["18C"], minAge: 11 },
    { text: "{Name} says {they} {is} being bullied online and feels nobody listens at home.", severity: 1, factors: ["4A"], minAge: 11 },
    { text: "{Name} said dad's drinking scares {them} and asked what would happen if {they} told someone.", severity: 2, factors: ["1B"], minAge: 11 },
  ],
  "1D": [
    { text: "Member of the public saw a man shouting at and shaking a toddler outside a supermarket in {town}; car registration given.", severity: 2, factors: ["18C"], maxAge: 4 },
    { text: "MP's office forwarding a constituent's concern about the care of {Name} by a relative.", severity: 1, factors: ["20"], group: true },
    { text: "Taxi driver concerned about a young teenager being taken to a hotel in {town} by an older man.", severity: 3, factors: ["11A"], minAge: 12 },
  ],
  "9": [
    { text: "Anonymous caller says {Name} {is} often left alone and the house smells of cannabis.", severity: 1, factors: ["2B", "16A"], group: true },
    { text: "Anonymous online report that {Name}'s mum hits {them} when she is drunk.", severity: 2, factors: ["1B", "18C"] },
    { text: "Anonymous caller: a man living with {Name} has convictions for offences against children.", severity: 2, factors: ["19C"], group: true },
  ],
  "10": [
    { text: "Concern received via the switchboard; caller details not recorded. Worries about {Name}'s care at home.", severity: 1, factors: ["20"], group: true },
    { text: "Letter received without sender details describing neglect of {Name}.", severity: 1, factors: ["16A"], group: true },
  ],
};

const INFORMATION: Readonly<Record<"police" | "health" | "education", Readonly<Record<SyntheticRag, readonly string[]>>>> = {
  police: {
    red: [
      "Two domestic abuse incidents at the address in the last six months; the perpetrator has violence and weapons markers.",
      "Mother's partner has previous convictions for assault and is on bail with conditions not to contact her.",
      "Child has been reported missing five times this year; linked to known exploitation nominals.",
    ],
    amber: [
      "One previous domestic abuse incident (standard risk) last year; no arrests.",
      "Father has a caution for possession of cannabis; one call-out for a verbal argument.",
      "Anti-social behaviour reports at the address; no offences recorded against household members.",
    ],
    green: [
      "One historic low-level incident; nothing recent.",
      "Household members checked: no trace on police systems other than a road traffic matter.",
    ],
  },
  health: {
    red: [
      "Mother known to the perinatal mental health team; recent missed appointments and a hospital admission.",
      "Child has attended the emergency department four times this year; two injuries flagged for review.",
      "Parent on a methadone script with recent positive tests for other drugs.",
    ],
    amber: [
      "Child has missed immunisations and two health reviews; family hard to reach.",
      "Mother treated for depression by the GP; engaging with talking therapies.",
      "Child on the waiting list for a neurodevelopmental assessment; parents struggling.",
    ],
    green: [
      "Child registered with a GP, immunisations up to date, no concerns recorded.",
      "Health visitor seen the family at all mandated contacts; no concerns.",
    ],
  },
  education: {
    red: [
      "Attendance 54%; several unexplained absences and two disclosures logged by the DSL this year.",
      "Child on a reduced timetable after exclusions; school has previously raised neglect concerns.",
    ],
    amber: [
      "Attendance 82%; behaviour incidents this term and parents engage inconsistently.",
      "Child often late and hungry; school provides breakfast club; some concerns logged.",
    ],
    green: [
      "Attendance 97%; no safeguarding concerns; parents engage well.",
      "Child settled and making expected progress; nothing of concern logged.",
    ],
  },
};

/** Referrers by source, when the concern does not name one: [role, organisation] ("" for none). */
const DEFAULT_REFERRERS: Readonly<Record<string, ReadonlyArray<readonly [string, string]>>> = {
  "1A": [["Grandmother", ""], ["Grandfather", ""], ["Mother", ""], ["Father", ""], ["Aunt", ""], ["Uncle", ""], ["Older sister", ""]],
  "1B": [["Neighbour", ""], ["Neighbour", ""], ["Family friend", ""], ["Childminder", ""], ["Friend's parent", ""]],
  "1D": [["Member of the public", ""], ["Member of the public", ""], ["Caseworker", "Office of the local MP"], ["Shop worker", ""], ["Taxi driver", ""]],
  "2B": [["Education Welfare Officer", "Devon Education Welfare Service"], ["Inclusion Officer", "Devon Inclusion Service"]],
  "3B": [["Health Visitor", "Devon Public Health Nursing (Health Visiting), {town}"]],
  "3C": [["School Nurse", "Devon Public Health Nursing (School Nursing), {town}"]],
  "3D": [["Practice Nurse", "{place} Medical Practice"], ["Community Pharmacist", "{town} Pharmacy"], ["Dentist", "{town} Dental Practice"]],
  "3E": [
    ["Emergency Department Nurse", "{hospital} Emergency Department"],
    ["Paediatric Liaison Nurse", "{hospital} Emergency Department"],
    ["Emergency Department Doctor", "{hospital} Emergency Department"],
  ],
  "3F": [["Ward Sister", "Children's Ward, {hospital}"], ["CAMHS Practitioner", "Devon CAMHS"]],
  "4": [["Housing Officer", "{council} Housing"], ["Tenancy Support Officer", "{town} Housing Association"], ["Housing Options Adviser", "{council} Housing"]],
  "5A": [["Adult Social Care Worker", "Devon Adult Social Care"], ["Community Mental Health Nurse", "Devon Adult Mental Health Team"]],
  "5B": [["Youth Justice Worker", "Devon Youth Justice Service"], ["Youth Worker", "Devon Youth Service"]],
  "5C": [
    ["Social Worker", "Cornwall Council Children's Services"],
    ["Social Worker", "Somerset Council Children's Services"],
    ["Social Worker", "Plymouth City Council Children's Services"],
    ["Social Worker", "Torbay Council Children's Services"],
    ["Social Worker", "Dorset Council Children's Services"],
    ["Social Worker", "Bristol City Council Children's Services"],
  ],
  "5D": [["Early Help Practitioner", "{hub} Early Help Hub"], ["Family Intervention Worker", "{hub} Early Help Hub"]],
  "7": [["Probation Officer", "Probation Service, {town}"], ["Family Court Adviser", "Cafcass"]],
  "8": [["Family Support Worker", "{town} Family Hub"], ["Youth Worker", "{town} Youth Project"], ["Pre-school Manager", "{place} Pre-school"]],
};
const SCHOOL_ROLES: readonly string[] = ["Designated Safeguarding Lead", "Designated Safeguarding Lead", "Deputy DSL", "Headteacher", "Class teacher", "Pastoral lead"];
const PRIMARY_SCHOOLS: readonly string[] = ["{place} Primary School", "{place} Primary School", "St Michael's C of E Primary School, {place}", "{place} Infant School", "{place} Community Primary School"];
const SECONDARY_SCHOOLS: readonly string[] = ["{town} Community College", "{town} Academy", "{town} School"];
const SIXTH_FORMS: readonly string[] = ["{town} Community College Sixth Form", "{town} College"];
const GP_PRACTICES: readonly string[] = ["{place} GP Surgery", "{place} Medical Practice", "{town} Health Centre"];
const POLICE_RANKS: ReadonlyArray<readonly [string, string]> = [
  ["PC", "Police Constable"],
  ["PC", "Police Constable"],
  ["PC", "Police Constable"],
  ["PC", "Police Constable"],
  ["DC", "Detective Constable"],
  ["PS", "Police Sergeant"],
  ["", "MASH Police Researcher"],
];

// ---------------------------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------------------------

class Rng {
  private state: number;

  constructor(seed: number) {
    // Mix the seed so that neighbouring seeds give unrelated streams.
    let s = Math.trunc(seed) >>> 0;
    s = Math.imul(s ^ (s >>> 16), 0x45d9f3b);
    s = Math.imul(s ^ (s >>> 16), 0x45d9f3b);
    this.state = (s ^ (s >>> 16)) >>> 0;
  }

  /** mulberry32: a float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  uint32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return at(items, Math.floor(this.next() * items.length));
  }

  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (let i = 0; i < items.length; i++) total += at(items, i)[1];
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      const item = at(items, i);
      r -= item[1];
      if (r < 0) return item[0];
    }
    return at(items, items.length - 1)[0];
  }

  /** A version-4-shaped UUID from the stream. */
  uuid(): string {
    const a = this.uint32();
    const b = this.uint32();
    const c = this.uint32();
    const d = this.uint32();
    return (
      hex16(a >>> 16) + hex16(a & 0xffff) + "-" +
      hex16(b >>> 16) + "-" +
      hex16(((b & 0x0fff) | 0x4000)) + "-" +
      hex16(((c >>> 16) & 0x3fff) | 0x8000) + "-" +
      hex16(c & 0xffff) + hex16(d >>> 16) + hex16(d & 0xffff)
    );
  }
}

const HEX_BYTES: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
function hex16(n: number): string {
  return at(HEX_BYTES, n >>> 8) + at(HEX_BYTES, n & 0xff);
}

/** Index an array that is known to be long enough (noUncheckedIndexedAccess). */
function at<T>(items: readonly T[], index: number): T {
  const value = items[index];
  if (value === undefined) throw new Error(`synthetic-history: index ${index} out of range`);
  return value;
}

/** A weighted choice with precomputed cumulative weights, for the hot paths. */
class Picker<T> {
  private readonly values: T[] = [];
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(items: ReadonlyArray<readonly [T, number]>) {
    let sum = 0;
    for (const [value, w] of items) {
      if (w <= 0) continue;
      sum += w;
      this.values.push(value);
      this.cumulative.push(sum);
    }
    this.total = sum;
  }

  pick(rng: Rng): T {
    const r = rng.next() * this.total;
    for (let i = 0; i < this.cumulative.length; i++) {
      if (r < at(this.cumulative, i)) return at(this.values, i);
    }
    return at(this.values, this.values.length - 1);
  }
}

// ---------------------------------------------------------------------------------------------
// Calendar: Europe/London local time, bank holidays, school holidays
// ---------------------------------------------------------------------------------------------

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Day number (days since 1970-01-01) of the last Sunday of a month (month 0-based). */
function lastSunday(year: number, month: number): number {
  const lastDay = Date.UTC(year, month + 1, 0) / DAY;
  return lastDay - weekday(lastDay);
}

/** The calendar date of a day number packed as yyyymmdd (days-from-civil inverse, H. Hinnant). */
function packedDate(day: number): number {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10000 + m * 100 + d;
}

function yearOf(day: number): number {
  return Math.floor(packedDate(day) / 10000);
}

/** 0 Sunday … 6 Saturday. */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

const bstCache = new Map<number, readonly [number, number]>();
/** British Summer Time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October. */
function londonOffset(ms: number): number {
  const year = yearOf(Math.floor(ms / DAY));
  let bounds = bstCache.get(year);
  if (!bounds) {
    bounds = [lastSunday(year, 2) * DAY + HOUR, lastSunday(year, 9) * DAY + HOUR] as const;
    bstCache.set(year, bounds);
  }
  return ms >= bounds[0] && ms < bounds[1] ? HOUR : 0;
}

/** The local (Europe/London) day number and minute of the day of an instant. */
function localDay(ms: number): number {
  return Math.floor((ms + londonOffset(ms)) / DAY);
}
function localMinute(ms: number): number {
  const local = ms + londonOffset(ms);
  return Math.floor((local - Math.floor(local / DAY) * DAY) / MINUTE);
}

/** The instant of a local (Europe/London) day and minute. Times in the spring-forward gap move an hour on. */
function localToUtc(day: number, minute: number): number {
  const naive = day * DAY + minute * MINUTE;
  const asSummerTime = naive - HOUR;
  return londonOffset(asSummerTime) === HOUR ? asSummerTime : naive;
}

function dayToIso(day: number): string {
  const p = packedDate(day);
  const m = Math.floor(p / 100) % 100;
  const d = p % 100;
  return `${Math.floor(p / 10000)}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}

function ymd(year: number, month1: number, date: number): number {
  return Date.UTC(year, month1 - 1, date) / DAY;
}

/** Easter Sunday (Gregorian), as a day number. */
function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const date = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, date);
}

function firstMonday(year: number, month0: number): number {
  const first = Date.UTC(year, month0, 1) / DAY;
  return first + ((8 - weekday(first)) % 7);
}
function lastMonday(year: number, month0: number): number {
  const last = Date.UTC(year, month0 + 1, 0) / DAY;
  return last - ((weekday(last) + 6) % 7);
}

const bankHolidayCache = new Map<number, ReadonlySet<number>>();
function bankHolidayDays(year: number): ReadonlySet<number> {
  const cached = bankHolidayCache.get(year);
  if (cached) return cached;
  const days = new Set<number>();
  // New Year's Day, moved to Monday when it falls at a weekend.
  const newYear = ymd(year, 1, 1);
  days.add(weekday(newYear) === 6 ? newYear + 2 : weekday(newYear) === 0 ? newYear + 1 : newYear);
  const easter = easterSunday(year);
  days.add(easter - 2);
  days.add(easter + 1);
  // Early May: first Monday (moved to Friday 8 May for VE Day in 1995 and 2020).
  days.add(year === 1995 || year === 2020 ? ymd(year, 5, 8) : firstMonday(year, 4));
  // Spring: last Monday in May, moved for jubilees.
  const spring: Record<number, number[]> = {
    2002: [ymd(2002, 6, 3), ymd(2002, 6, 4)],
    2012: [ymd(2012, 6, 4), ymd(2012, 6, 5)],
    2022: [ymd(2022, 6, 2), ymd(2022, 6, 3)],
  };
  for (const d of spring[year] ?? [lastMonday(year, 4)]) days.add(d);
  days.add(lastMonday(year, 7));
  // Christmas and Boxing Day, with substitute days.
  const christmas = ymd(year, 12, 25);
  const cw = weekday(christmas);
  if (cw === 6) {
    days.add(christmas + 2);
    days.add(christmas + 3);
  } else if (cw === 0) {
    days.add(christmas + 1);
    days.add(christmas + 2);
  } else if (cw === 5) {
    days.add(christmas);
    days.add(christmas + 3);
  } else {
    days.add(christmas);
    days.add(christmas + 1);
  }
  // One-off days.
  const oneOff: Record<number, number[]> = {
    1999: [ymd(1999, 12, 31)],
    2011: [ymd(2011, 4, 29)],
    2022: [ymd(2022, 9, 19)],
    2023: [ymd(2023, 5, 8)],
  };
  for (const d of oneOff[year] ?? []) days.add(d);
  bankHolidayCache.set(year, days);
  return days;
}

const WORKING_DAY = 1;
const SCHOOL_HOLIDAY = 2;
const dayFlagsCache = new Map<number, number>();
function dayFlags(day: number): number {
  let flags = dayFlagsCache.get(day);
  if (flags === undefined) {
    const w = weekday(day);
    const year = yearOf(day);
    flags = (w !== 0 && w !== 6 && !bankHolidayDays(year).has(day) ? WORKING_DAY : 0) | (isSchoolHoliday(day, year) ? SCHOOL_HOLIDAY : 0);
    dayFlagsCache.set(day, flags);
  }
  return flags;
}

function isWorkingDay(day: number): boolean {
  return (dayFlags(day) & WORKING_DAY) !== 0;
}

function nextWorkingDay(day: number): number {
  let d = day + 1;
  while (!isWorkingDay(d)) d++;
  return d;
}

const schoolHolidayCache = new Map<number, ReadonlyArray<readonly [number, number]>>();
/** Approximate Devon school holidays: Christmas, half terms, Easter, summer. */
function isSchoolHoliday(day: number, year: number): boolean {
  let ranges = schoolHolidayCache.get(year);
  if (!ranges) {
    const feb = ymd(year, 2, 14);
    const febMonday = feb - ((weekday(feb) + 6) % 7);
    const easter = easterSunday(year);
    const mayHalf = lastMonday(year, 4);
    const octHalf = lastMonday(year, 9) - 7;
    ranges = [
      [ymd(year, 1, 1), ymd(year, 1, 3)],
      [febMonday, febMonday + 4],
      [easter - 9, easter + 8],
      [mayHalf, mayHalf + 4],
      [ymd(year, 7, 23), ymd(year, 8, 31)],
      [octHalf, octHalf + 4],
      [ymd(year, 12, 20), ymd(year, 12, 31)],
    ];
    schoolHolidayCache.set(year, ranges);
  }
  for (const [from, to] of ranges) if (day >= from && day <= to) return true;
  return false;
}

/** The day number of the same calendar day `years` years later (29 February → 28 February). */
function addYears(day: number, years: number): number {
  const p = packedDate(day);
  const y = Math.floor(p / 10000) + years;
  const m = Math.floor(p / 100) % 100;
  const date = Math.min(p % 100, packedDate(ymd(y, m + 1, 1) - 1) % 100);
  return ymd(y, m, date);
}

/** Age in whole years on `day` of a child born on `dob`. */
function ageOn(dob: number, day: number): number {
  return Math.floor((packedDate(day) - packedDate(dob)) / 10000);
}

// ---------------------------------------------------------------------------------------------
// How each source reaches the front door
// ---------------------------------------------------------------------------------------------

type TimeProfile = "police" | "hospital" | "school" | "professional" | "public";

interface SourceProfile {
  time: TimeProfile;
  channels: ReadonlyArray<readonly [SyntheticChannel, number]>;
  /** Probability that one report is about a sibling group. */
  siblings: number;
  immediateRisk: number;
  /** Probability that a new child for this source is unborn. */
  unborn: number;
  minAge: number;
  maxAge: number;
  professional: boolean;
}

const RESEND_CHANNELS: readonly SyntheticChannel[] = ["email", "online_form", "phone"];
const PRO_CHANNELS: ReadonlyArray<readonly [SyntheticChannel, number]> = [["phone", 0.4], ["email", 0.35], ["online_form", 0.25]];
const HEALTH_CHANNELS: ReadonlyArray<readonly [SyntheticChannel, number]> = [["phone", 0.45], ["email", 0.3], ["online_form", 0.25]];
const PUBLIC_CHANNELS: ReadonlyArray<readonly [SyntheticChannel, number]> = [["phone", 0.6], ["online_form", 0.3], ["email", 0.05], ["in_person", 0.05]];

const SOURCE_PROFILES: Readonly<Record<string, SourceProfile>> = {
  "1A": { time: "public", channels: PUBLIC_CHANNELS, siblings: 0.058, immediateRisk: 0.01, unborn: 0.03, minAge: 0, maxAge: 17, professional: false },
  "1B": { time: "public", channels: PUBLIC_CHANNELS, siblings: 0.058, immediateRisk: 0.01, unborn: 0, minAge: 0, maxAge: 15, professional: false },
  "1C": { time: "public", channels: [["phone", 0.7], ["online_form", 0.2], ["in_person", 0.1]], siblings: 0, immediateRisk: 0.05, unborn: 0, minAge: 11, maxAge: 17, professional: false },
  "1D": { time: "public", channels: PUBLIC_CHANNELS, siblings: 0.043, immediateRisk: 0.01, unborn: 0, minAge: 0, maxAge: 17, professional: false },
  "2A": { time: "school", channels: [["phone", 0.4], ["online_form", 0.3], ["email", 0.25], ["in_person", 0.05]], siblings: 0.043, immediateRisk: 0.025, unborn: 0, minAge: 4, maxAge: 17, professional: true },
  "2B": { time: "professional", channels: PRO_CHANNELS, siblings: 0.058, immediateRisk: 0.005, unborn: 0, minAge: 5, maxAge: 17, professional: true },
  "3A": { time: "professional", channels: HEALTH_CHANNELS, siblings: 0.043, immediateRisk: 0.01, unborn: 0.06, minAge: 0, maxAge: 17, professional: true },
  "3B": { time: "professional", channels: HEALTH_CHANNELS, siblings: 0.036, immediateRisk: 0.01, unborn: 0.12, minAge: 0, maxAge: 4, professional: true },
  "3C": { time: "school", channels: HEALTH_CHANNELS, siblings: 0, immediateRisk: 0.01, unborn: 0, minAge: 5, maxAge: 17, professional: true },
  "3D": { time: "professional", channels: HEALTH_CHANNELS, siblings: 0, immediateRisk: 0.005, unborn: 0.45, minAge: 0, maxAge: 17, professional: true },
  "3E": { time: "hospital", channels: [["phone", 0.6], ["email", 0.25], ["online_form", 0.15]], siblings: 0.022, immediateRisk: 0.06, unborn: 0, minAge: 0, maxAge: 17, professional: true },
  "3F": { time: "professional", channels: HEALTH_CHANNELS, siblings: 0.036, immediateRisk: 0.01, unborn: 0, minAge: 0, maxAge: 17, professional: true },
  "4": { time: "professional", channels: PRO_CHANNELS, siblings: 0.108, immediateRisk: 0.005, unborn: 0, minAge: 0, maxAge: 17, professional: true },
  "5A": { time: "professional", channels: PRO_CHANNELS, siblings: 0.086, immediateRisk: 0.01, unborn: 0.06, minAge: 0, maxAge: 17, professional: true },
  "5B": { time: "professional", channels: PRO_CHANNELS, siblings: 0.022, immediateRisk: 0.03, unborn: 0, minAge: 8, maxAge: 17, professional: true },
  "5C": { time: "professional", channels: [["email", 0.6], ["phone", 0.3], ["online_form", 0.1]], siblings: 0.13, immediateRisk: 0.01, unborn: 0.08, minAge: 0, maxAge: 17, professional: true },
  "5D": { time: "professional", channels: [["online_form", 0.5], ["email", 0.3], ["phone", 0.2]], siblings: 0.086, immediateRisk: 0.01, unborn: 0, minAge: 0, maxAge: 17, professional: true },
  "6": { time: "police", channels: [["police_notification", 0.86], ["phone", 0.12], ["email", 0.02]], siblings: 0.101, immediateRisk: 0.05, unborn: 0.015, minAge: 0, maxAge: 17, professional: true },
  "7": { time: "professional", channels: PRO_CHANNELS, siblings: 0.086, immediateRisk: 0.01, unborn: 0.06, minAge: 0, maxAge: 17, professional: true },
  "8": { time: "professional", channels: PRO_CHANNELS, siblings: 0.058, immediateRisk: 0.02, unborn: 0, minAge: 0, maxAge: 17, professional: true },
  "9": { time: "public", channels: [["phone", 0.6], ["online_form", 0.4]], siblings: 0.072, immediateRisk: 0.005, unborn: 0, minAge: 0, maxAge: 15, professional: false },
  "10": { time: "professional", channels: [["email", 0.4], ["phone", 0.4], ["online_form", 0.2]], siblings: 0.072, immediateRisk: 0, unborn: 0, minAge: 0, maxAge: 17, professional: false },
};

function profileOf(source: string): SourceProfile {
  const p = SOURCE_PROFILES[source];
  if (!p) throw new Error(`synthetic-history: no profile for source ${source}`);
  return p;
}

/** Relative weight of a day for each time profile (weekday = 1). */
const DAY_WEIGHTS: Readonly<Record<TimeProfile, { weekend: number; schoolHoliday: number }>> = {
  police: { weekend: 0.95, schoolHoliday: 1 },
  hospital: { weekend: 0.9, schoolHoliday: 1 },
  school: { weekend: 0.03, schoolHoliday: 0.15 },
  professional: { weekend: 0.1, schoolHoliday: 0.9 },
  public: { weekend: 0.45, schoolHoliday: 1 },
};

/** Relative weight of each local hour of the day (0–23) for each time profile. */
const HOUR_WEIGHTS: Readonly<Record<TimeProfile, readonly number[]>> = {
  //           0    1    2    3    4    5    6    7    8    9   10   11   12   13   14   15   16   17   18   19   20   21   22   23
  police:   [3.0, 2.5, 2.0, 1.5, 1.0, 1.0, 1.5, 2.5, 4.0, 5.0, 5.0, 4.5, 4.5, 4.5, 4.5, 5.0, 5.0, 5.5, 6.0, 6.0, 6.0, 5.5, 5.0, 4.0],
  hospital: [2.5, 2.0, 1.5, 1.0, 0.8, 0.8, 1.0, 1.5, 2.5, 3.5, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.5, 5.0, 5.0, 4.5, 4.0, 3.5, 3.0],
  school:   [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.3, 2.0, 6.0, 7.0, 7.0, 6.0, 6.0, 6.0, 7.0, 5.0, 2.0, 0.7, 0.3, 0.1, 0.0, 0.0, 0.0],
  professional: [0.05, 0.02, 0.02, 0.02, 0.02, 0.02, 0.1, 0.5, 3.0, 6.0, 6.5, 6.5, 5.0, 5.5, 6.0, 6.0, 5.0, 2.5, 1.0, 0.6, 0.4, 0.3, 0.2, 0.1],
  public:   [0.3, 0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.8, 2.0, 4.0, 4.5, 4.5, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 3.5, 3.5, 3.0, 2.5, 1.5, 0.8],
};

const HOUR_PICKERS: Readonly<Record<TimeProfile, Picker<number>>> = {
  police: hourPicker("police"),
  hospital: hourPicker("hospital"),
  school: hourPicker("school"),
  professional: hourPicker("professional"),
  public: hourPicker("public"),
};
function hourPicker(profile: TimeProfile): Picker<number> {
  return new Picker(HOUR_WEIGHTS[profile].map((w, h) => [h, w] as const));
}

/** Ages of new children: more babies and young teenagers, as in children's social care. */
const AGE_WEIGHTS: readonly number[] = [9, 6, 5.5, 5.5, 5.5, 5.5, 5.5, 5.5, 5.5, 5.5, 6, 6.5, 7, 7.5, 7.5, 7, 5, 3.5];

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

interface Family {
  lastName: string;
  postcode: string | null;
  locality: Locality;
  ethnicity: string;
  children: number[];
}

interface Child {
  person: SyntheticPerson;
  family: number;
  /** Local day numbers. */
  dob: number | null;
  edd: number | null;
  lastReferralMs: number;
  /** Non-duplicate contacts of this child received in the 12 months before the contact being built. */
  inWindow: number;
}

interface PlannedEvent {
  ms: number;
  order: number;
  source: string;
  channel: SyntheticChannel;
  size: number;
}

interface ReferrerInfo {
  name: string;
  role?: string;
  organisation?: string;
  phone?: string;
  email?: string;
  professional: boolean;
}

export function generateSyntheticHistory(options: SyntheticHistoryOptions): SyntheticHistory {
  const years = options.years ?? 2;
  const contactsPerYear = options.contactsPerYear ?? 3000;
  const nowMs = options.now.getTime();
  if (!Number.isFinite(nowMs)) throw new Error("synthetic-history: now is not a valid date");
  if (!(years > 0) || !Number.isFinite(years)) throw new Error("synthetic-history: years must be a positive number");
  if (!(contactsPerYear >= 0) || !Number.isFinite(contactsPerYear)) throw new Error("synthetic-history: contactsPerYear must be zero or more");

  const rng = new Rng(options.seed);
  const total = Math.round(years * contactsPerYear);
  const startMs = nowMs - Math.round(years * 365.2425 * DAY);

  const events = planEvents(rng, total, startMs, nowMs);
  return new Builder(rng, nowMs, contactsPerYear).build(events);
}

function planEvents(rng: Rng, total: number, startMs: number, nowMs: number): PlannedEvent[] {
  // Weight each source per report so that, after sibling groups, contacts follow the sample shares.
  const sourcePicker = new Picker(
    Object.entries(SOURCE_COUNTS_IN_SAMPLE).map(([source, count]) => {
      const p = profileOf(source).siblings;
      return [source, count / (1 + p * 1.4)] as const;
    }),
  );
  const startDay = localDay(startMs);
  const endDay = localDay(nowMs);
  const events: PlannedEvent[] = [];
  let remaining = total;
  while (remaining > 0) {
    const source = sourcePicker.pick(rng);
    const profile = profileOf(source);
    let size = rng.chance(profile.siblings) ? (rng.chance(0.6) ? 2 : 3) : 1;
    size = Math.min(size, remaining);
    remaining -= size;
    const channel = rng.weighted(profile.channels);
    const timeProfile: TimeProfile = channel === "police_notification" ? "police" : profile.time;
    events.push({ ms: pickTime(rng, timeProfile, startDay, endDay, startMs, nowMs), order: events.length, source, channel, size });
  }
  events.sort((a, b) => a.ms - b.ms || a.order - b.order);
  return events;
}

function pickTime(rng: Rng, profile: TimeProfile, startDay: number, endDay: number, startMs: number, nowMs: number): number {
  const weights = DAY_WEIGHTS[profile];
  for (let attempt = 0; attempt < 1000; attempt++) {
    const day = rng.int(startDay, endDay);
    const flags = dayFlags(day);
    let w = 1;
    if ((flags & WORKING_DAY) === 0) w *= weights.weekend;
    if ((flags & SCHOOL_HOLIDAY) !== 0) w *= weights.schoolHoliday;
    if (w < 1 && !rng.chance(w)) continue;
    const minute = HOUR_PICKERS[profile].pick(rng) * 60 + rng.int(0, 59);
    const ms = localToUtc(day, minute);
    if (ms >= startMs && ms < nowMs) return ms;
  }
  // A window too short for the profile: any minute in it.
  return startMs + Math.floor(rng.next() * Math.max(1, (nowMs - startMs) / MINUTE)) * MINUTE;
}

interface ProcessedContact {
  ms: number;
  child: number;
  contactIndex: number;
}

class Builder {
  private readonly people: SyntheticPerson[] = [];
  private readonly contacts: SyntheticContact[] = [];
  private readonly children: Child[] = [];
  private readonly families: Family[] = [];
  private readonly childIds = new Set<string>();
  private readonly nhsNumbers = new Set<string>();
  /** Non-duplicate contacts in order of receipt, for the repeat and duplicate draws. */
  private readonly processed: ProcessedContact[] = [];
  /** Sibling-group reports in order of receipt: [ms, family]. */
  private readonly groups: Array<readonly [number, number]> = [];
  /** Referral decisions in order of receipt of the contact: [decided ms, child]. */
  private readonly referrals: Array<readonly [number, number]> = [];
  private windowStart = 0;
  private duplicateWindowStart = 0;
  private groupWindowStart = 0;
  private referralWindowStart = 0;
  /** One sequence of reference numbers across the years, as the app's (issue 11, item 11). */
  private referenceSequence = 0;
  private readonly localityPicker = new Picker(LOCALITIES.map((l) => [l, l.weight] as const));
  private readonly ethnicityPicker = new Picker(ETHNICITY_WEIGHTS);
  private readonly agePicker = new Picker(AGE_WEIGHTS.map((w, age) => [age, w] as const));

  constructor(
    private readonly rng: Rng,
    private readonly nowMs: number,
    private readonly contactsPerYear: number,
  ) {}

  build(events: readonly PlannedEvent[]): SyntheticHistory {
    for (const event of events) this.process(event);
    return { people: this.people, contacts: this.contacts };
  }

  private process(event: PlannedEvent): void {
    const { rng } = this;
    const t = event.ms;
    const day = localDay(t);
    const yearAgo = t - 365 * DAY;
    while (this.windowStart < this.processed.length && at(this.processed, this.windowStart).ms < yearAgo) {
      at(this.children, at(this.processed, this.windowStart).child).inWindow--;
      this.windowStart++;
    }
    while (this.duplicateWindowStart < this.processed.length && at(this.processed, this.duplicateWindowStart).ms < t - 3 * DAY) {
      this.duplicateWindowStart++;
    }
    while (this.groupWindowStart < this.groups.length && at(this.groups, this.groupWindowStart)[0] < yearAgo) this.groupWindowStart++;
    while (this.referralWindowStart < this.referrals.length && at(this.referrals, this.referralWindowStart)[0] < yearAgo) {
      this.referralWindowStart++;
    }

    // A duplicate: the same concern about a child already reported in the 3 days before.
    if (event.size === 1 && rng.chance(DUPLICATE_PROBABILITY) && this.duplicateWindowStart < this.processed.length) {
      const original = at(this.processed, rng.int(this.duplicateWindowStart, this.processed.length - 1));
      const decidedMs = this.inWorkingHours(t + rng.int(10, 240) * MINUTE);
      if (original.ms < t && decidedMs <= this.nowMs) {
        this.addDuplicate(event, original, decidedMs);
        return;
      }
    }

    const profile = profileOf(event.source);
    const childIndexes = event.size === 1 ? [this.childForSingle(event, day, profile)] : this.childrenForGroup(event, day);

    // The decision, shared by the siblings of a group.
    const immediateRisk = rng.chance(profile.immediateRisk);
    const recentlyReferred = childIndexes.some((c) => {
      const last = at(this.children, c).lastReferralMs;
      return last < t && last >= yearAgo;
    });
    const latent: DecidedOutcome = immediateRisk
      ? rng.weighted(OUTCOME_WEIGHTS_IMMEDIATE_RISK)
      : rng.weighted(recentlyReferred ? OUTCOME_WEIGHTS_RECENTLY_REFERRED : OUTCOME_WEIGHTS_FRESH);
    let decidedMs: number | null = this.decisionTime(t, immediateRisk);
    if (decidedMs > this.nowMs) decidedMs = null;
    else if (t > this.nowMs - 3 * DAY && !immediateRisk && rng.chance(0.55)) decidedMs = null;
    else if (t > this.nowMs - 30 * DAY && rng.chance(0.01)) decidedMs = null; // overdue, awaiting partners
    const outcome: DecidedOutcome | null = decidedMs === null ? null : latent;

    const first = at(this.children, at(childIndexes, 0));
    const family = at(this.families, first.family);
    const template = this.concernTemplate(event.source, latent, immediateRisk, childIndexes, day);
    const concern = this.renderConcern(template, childIndexes, day, family.locality);
    const referrer = this.referrer(event.source, template, family.locality, first, day);
    const priority = this.priority(latent, immediateRisk, template.severity);
    const consent = this.consent(event, immediateRisk);
    const groupId = childIndexes.length > 1 ? rng.uuid() : null;

    for (const childIndex of childIndexes) {
      const child = at(this.children, childIndex);
      const contact: SyntheticContact = {
        id: rng.uuid(),
        reference: this.reference(t),
        groupId,
        personId: child.person.id,
        receivedAt: isoString(t),
        source: event.source,
        channel: event.channel,
        referrer: { ...referrer },
        concern,
        immediateRisk,
        consent,
        priority,
        outcome,
        decidedAt: decidedMs === null ? null : isoString(decidedMs),
        levelOfNeed: outcome === null ? null : this.levelOfNeed(outcome),
        primaryNeed: outcome === "referral" ? rng.weighted(PRIMARY_NEED_REFERRAL) : outcome === "strategy_discussion" ? rng.weighted(PRIMARY_NEED_STRATEGY) : null,
        hubCode: outcome === "early_help" ? family.locality.hub : null,
        duplicateOf: null,
        factors: [...template.factors],
        informationRequests: this.informationRequests(t, decidedMs, latent, priority, child, day),
      };
      this.processed.push({ ms: t, child: childIndex, contactIndex: this.contacts.length });
      child.inWindow++;
      this.contacts.push(contact);
      if (decidedMs !== null && (outcome === "referral" || outcome === "strategy_discussion")) {
        child.lastReferralMs = Math.max(child.lastReferralMs, decidedMs);
        this.referrals.push([decidedMs, childIndex]);
      }
    }
    if (childIndexes.length > 1) this.groups.push([t, first.family]);
  }

  /**
   * A duplicate: mostly the same referrer sending the same concern again by another channel (an
   * online form after a phone call), otherwise another agency reporting the same incident.
   */
  private addDuplicate(event: PlannedEvent, original: ProcessedContact, decidedMs: number): void {
    const { rng } = this;
    const originalContact = at(this.contacts, original.contactIndex);
    const child = at(this.children, original.child);
    const t = event.ms;
    let source = event.source;
    let channel = event.channel;
    let referrer: ReferrerInfo;
    let concern: string;
    let factors: string[];
    if (rng.chance(0.6)) {
      source = originalContact.source;
      channel = rng.pick(RESEND_CHANNELS.filter((c) => c !== originalContact.channel));
      referrer = { ...originalContact.referrer };
      concern = originalContact.concern;
      factors = [...originalContact.factors];
    } else {
      const day = localDay(t);
      const locality = at(this.families, child.family).locality;
      const template = this.concernTemplate(source, "nfa", false, [original.child], day);
      referrer = this.referrer(source, template, locality, child, day);
      concern = this.renderConcern(template, [original.child], day, locality);
      factors = [...template.factors];
    }
    this.contacts.push({
      id: rng.uuid(),
      reference: this.reference(t),
      groupId: null,
      personId: child.person.id,
      receivedAt: isoString(t),
      source,
      channel,
      referrer,
      concern,
      immediateRisk: false,
      consent: originalContact.consent,
      priority: originalContact.priority,
      outcome: "duplicate",
      decidedAt: isoString(decidedMs),
      levelOfNeed: null,
      primaryNeed: null,
      hubCode: null,
      duplicateOf: originalContact.id,
      factors,
      informationRequests: [],
    });
  }

  // ----- children -----------------------------------------------------------------------------

  private eligible(childIndex: number, day: number, profile: SourceProfile, exclude: readonly number[]): boolean {
    if (exclude.includes(childIndex)) return false;
    const child = at(this.children, childIndex);
    if (child.edd !== null) return child.edd > day + 7 && profile.unborn > 0;
    if (child.dob === null) return false;
    const age = ageOn(child.dob, day);
    return age >= profile.minAge && age <= Math.min(17, profile.maxAge);
  }

  private childForSingle(event: PlannedEvent, day: number, profile: SourceProfile): number {
    const { rng } = this;
    const inWindow = this.processed.length - this.windowStart;
    // Ramp up over the first month of history, while there are few children to draw from.
    const ramp = Math.min(1, inWindow / Math.max(1, this.contactsPerYear / 12));
    if (inWindow > 0 && rng.chance(REPEAT_PROBABILITY * ramp)) {
      // Draw from the recently referred only once there is a month's worth of them.
      const referralsInWindow = this.referrals.length - this.referralWindowStart;
      const fromReferrals = referralsInWindow >= Math.max(1, this.contactsPerYear / 60) ? REPEAT_FROM_REFERRALS : 0;
      for (let attempt = 0; attempt < 8; attempt++) {
        let candidate: number;
        if (rng.chance(fromReferrals)) {
          const [decided, child] = at(this.referrals, rng.int(this.referralWindowStart, this.referrals.length - 1));
          if (decided >= event.ms) continue;
          candidate = child;
        } else {
          candidate = at(this.processed, rng.int(this.windowStart, this.processed.length - 1)).child;
        }
        // Drawing contacts favours children with many; damp it so that few children collect dozens.
        if (!rng.chance(Math.pow(Math.max(1, at(this.children, candidate).inWindow), -0.75))) continue;
        if (this.eligible(candidate, day, profile, [])) return candidate;
      }
    } else if (this.windowStart > 0 && rng.chance(RETURN_AFTER_GAP_PROBABILITY)) {
      const candidate = at(this.processed, rng.int(0, this.windowStart - 1)).child;
      if (this.eligible(candidate, day, profile, [])) return candidate;
    }
    const family = this.newFamily();
    const unborn = rng.chance(profile.unborn);
    return this.newChild(family, day, unborn ? null : this.pickAge(profile), unborn);
  }

  private childrenForGroup(event: PlannedEvent, day: number): number[] {
    const { rng } = this;
    const anyAge = profileOf("10");
    const inWindow = this.groups.length - this.groupWindowStart;
    if (inWindow > 0) {
      // Ramp up over the first weeks of sibling groups; damp families already seen often.
      const ramp = Math.min(1, inWindow / Math.max(1, this.contactsPerYear / 250));
      const [, repeatFamily] = at(this.groups, rng.int(this.groupWindowStart, this.groups.length - 1));
      const family = at(this.families, repeatFamily);
      let seen = 1;
      for (const c of family.children) seen = Math.max(seen, at(this.children, c).inWindow);
      if (rng.chance((REPEAT_PROBABILITY * ramp) / seen)) {
        const chosen: number[] = [];
        for (const c of family.children) {
          if (chosen.length < event.size && at(this.children, c).edd === null && this.eligible(c, day, anyAge, chosen)) chosen.push(c);
        }
        if (chosen.length >= 1) {
          // A brother or sister not seen before.
          while (chosen.length < event.size) chosen.push(this.newChild(repeatFamily, day, this.siblingAge(chosen, day), false));
          // The child the report is mainly about (named first, and whose age suits the referrer) leads.
          const profile = profileOf(event.source);
          const lead = chosen.findIndex((c) => this.eligible(c, day, profile, []));
          if (lead > 0) chosen.unshift(...chosen.splice(lead, 1));
          return chosen;
        }
      }
    }
    const familyIndex = this.newFamily();
    const profile = profileOf(event.source);
    const chosen = [this.newChild(familyIndex, day, this.pickAge(profile), false)];
    while (chosen.length < event.size) chosen.push(this.newChild(familyIndex, day, this.siblingAge(chosen, day), false));
    return chosen;
  }

  private pickAge(profile: SourceProfile): number {
    for (let attempt = 0; attempt < 20; attempt++) {
      const age = this.agePicker.pick(this.rng);
      if (age >= profile.minAge && age <= profile.maxAge) return age;
    }
    return this.rng.int(profile.minAge, profile.maxAge);
  }

  private siblingAge(existing: readonly number[], day: number): number {
    const ages = existing.map((c) => {
      const dob = at(this.children, c).dob;
      return dob === null ? 0 : ageOn(dob, day);
    });
    const base = at(ages, 0);
    for (let attempt = 0; attempt < 20; attempt++) {
      const age = this.rng.int(Math.max(0, base - 7), Math.min(17, base + 7));
      if (!ages.includes(age)) return age;
    }
    return this.rng.int(0, 17);
  }

  private newFamily(): number {
    const { rng } = this;
    const locality = this.localityPicker.pick(rng);
    const ethnicity = this.ethnicityPicker.pick(rng);
    const lastGroup = rng.weighted(nameGroupsFor(ethnicity).last);
    const postcode = rng.chance(0.985)
      ? `${locality.district} ${rng.int(1, 9)}${POSTCODE_LETTERS.charAt(rng.int(0, 19))}${POSTCODE_LETTERS.charAt(rng.int(0, 19))}`
      : null;
    this.families.push({ lastName: rng.pick(SURNAMES[lastGroup]), postcode, locality, ethnicity, children: [] });
    return this.families.length - 1;
  }

  /** A new child of a family: aged `age` on `day`, or unborn (expected 3–36 weeks after `day`). */
  private newChild(familyIndex: number, day: number, age: number | null, unborn: boolean): number {
    const { rng } = this;
    const family = at(this.families, familyIndex);
    let dob: number | null = null;
    let edd: number | null = null;
    let sex: "M" | "F" | "U";
    let firstName: string | null = null;
    if (unborn || age === null) {
      edd = day + rng.int(21, 250);
      sex = "U";
    } else {
      const earliest = addYears(day, -(age + 1)) + 1;
      const latest = addYears(day, -age);
      dob = rng.int(earliest, latest);
      sex = rng.chance(0.5) ? "M" : "F";
      const taken = family.children.map((c) => at(this.children, c).person.firstName);
      const group = rng.weighted(nameGroupsFor(family.ethnicity).first);
      for (let attempt = 0; attempt < 10; attempt++) {
        firstName = rng.pick(FIRST_NAMES[group][sex]);
        if (!taken.includes(firstName)) break;
      }
    }
    const person: SyntheticPerson = {
      id: rng.uuid(),
      childId: this.newChildId(),
      firstName,
      lastName: family.lastName,
      dateOfBirth: dob === null ? null : dayToIso(dob),
      expectedDateOfBirth: edd === null ? null : dayToIso(edd),
      sex,
      ethnicity: unborn && rng.chance(0.4) ? null : family.ethnicity,
      postcode: family.postcode,
      nhsNumber: dob !== null && rng.chance(0.9) ? this.newNhsNumber() : null,
    };
    this.people.push(person);
    this.children.push({ person, family: familyIndex, dob, edd, lastReferralMs: Number.NEGATIVE_INFINITY, inWindow: 0 });
    family.children.push(this.children.length - 1);
    return this.children.length - 1;
  }

  private newChildId(): string {
    for (;;) {
      let id = "C";
      for (let i = 0; i < 9; i++) id += ID_CHARS.charAt(this.rng.int(0, ID_CHARS.length - 1));
      if (!this.childIds.has(id)) {
        this.childIds.add(id);
        return id;
      }
    }
  }

  /** NHS numbers in the test range 999 000 0000–999 999 9999, never issued to patients. */
  private newNhsNumber(): string {
    for (;;) {
      const digits = [9, 9, 9];
      for (let i = 0; i < 6; i++) digits.push(this.rng.int(0, 9));
      const check = nhsCheckDigit(digits);
      if (check === null) continue;
      const nhs = digits.join("") + String(check);
      if (!this.nhsNumbers.has(nhs)) {
        this.nhsNumbers.add(nhs);
        return nhs;
      }
    }
  }

  // ----- the contact's details ---------------------------------------------------------------

  private reference(ms: number): string {
    const year = yearOf(localDay(ms));
    this.referenceSequence += 1;
    return `MASH-${year}-${String(this.referenceSequence).padStart(6, "0")}`;
  }

  /** Mostly by the end of the next working day, the same day for some, late for a few; immediate risk within hours. */
  private decisionTime(receivedMs: number, immediateRisk: boolean): number {
    const { rng } = this;
    if (immediateRisk) return receivedMs + rng.int(30, 240) * MINUTE;
    const receivedDay = localDay(receivedMs);
    const receivedMinute = localMinute(receivedMs);
    let day: number;
    if (rng.chance(LATE_DECISION_SHARE)) {
      day = nextWorkingDay(receivedDay);
      for (let k = rng.int(1, 4); k > 0; k--) day = nextWorkingDay(day);
    } else if (isWorkingDay(receivedDay) && receivedMinute < 15 * 60 && rng.chance(0.55)) {
      day = receivedDay;
    } else {
      day = nextWorkingDay(receivedDay);
    }
    const minute =
      day === receivedDay ? rng.int(Math.max(receivedMinute + 20, 9 * 60), 18 * 60) : rng.chance(0.92) ? rng.int(9 * 60, 17 * 60 + 30) : rng.int(17 * 60 + 30, 20 * 60);
    const ms = localToUtc(day, minute);
    return ms > receivedMs ? ms : receivedMs + rng.int(20, 90) * MINUTE;
  }

  private levelOfNeed(outcome: DecidedOutcome): 1 | 2 | 3 | 4 {
    const { rng } = this;
    switch (outcome) {
      case "strategy_discussion":
        return 4;
      case "referral":
        return rng.chance(0.65) ? 4 : 3;
      case "existing_case":
        return rng.chance(0.8) ? 4 : 3;
      case "early_help":
        return rng.chance(0.65) ? 2 : 3;
      case "nfa":
      case "advice_signpost":
        return rng.chance(0.55) ? 1 : 2;
    }
  }

  private priority(outcome: DecidedOutcome, immediateRisk: boolean, severity: 1 | 2 | 3): SyntheticRag {
    const { rng } = this;
    if (immediateRisk || outcome === "strategy_discussion") return rng.chance(0.92) ? "red" : "amber";
    if (outcome === "referral" || outcome === "existing_case") return rng.weighted([["red", 0.15], ["amber", 0.7], ["green", 0.15]] as const);
    if (severity === 3) return rng.weighted([["red", 0.1], ["amber", 0.7], ["green", 0.2]] as const);
    if (outcome === "early_help") return rng.weighted([["amber", 0.45], ["green", 0.55]] as const);
    return rng.weighted([["amber", 0.15], ["green", 0.85]] as const);
  }

  private consent(event: PlannedEvent, immediateRisk: boolean): "given" | "refused" | "not_sought" {
    const { rng } = this;
    if (immediateRisk) return "not_sought";
    if (event.source === "9" || event.source === "10") return "not_sought";
    if (event.channel === "police_notification") return rng.weighted([["not_sought", 0.5], ["given", 0.42], ["refused", 0.08]] as const);
    if (!profileOf(event.source).professional) return rng.weighted([["given", 0.35], ["not_sought", 0.6], ["refused", 0.05]] as const);
    return rng.weighted([["given", 0.78], ["not_sought", 0.12], ["refused", 0.1]] as const);
  }

  private concernTemplate(source: string, outcome: DecidedOutcome, immediateRisk: boolean, childIndexes: readonly number[], day: number): ConcernTemplate {
    const { rng } = this;
    const all = CONCERNS[source] ?? [];
    const first = at(this.children, at(childIndexes, 0));
    const unborn = first.edd !== null;
    const age = first.dob === null ? 0 : ageOn(first.dob, day);
    const group = childIndexes.length > 1;
    const wanted: 1 | 2 | 3 =
      immediateRisk || outcome === "strategy_discussion"
        ? 3
        : outcome === "referral"
          ? rng.chance(0.7) ? 3 : 2
          : outcome === "existing_case"
            ? rng.weighted([[1, 0.3], [2, 0.4], [3, 0.3]] as const)
            : outcome === "early_help"
              ? rng.chance(0.55) ? 2 : 1
              : rng.chance(0.7) ? 1 : 2;
    const fits = all.filter(
      (t) =>
        (t.unborn ?? false) === unborn &&
        (!group || t.group === true) &&
        (unborn || ((t.minAge ?? 0) <= age && age <= (t.maxAge ?? 17))),
    );
    const tiers: ReadonlyArray<readonly ConcernTemplate[]> = [
      fits.filter((t) => t.severity === wanted && (t.immediate ?? false) === immediateRisk),
      fits.filter((t) => t.severity === wanted && !t.immediate),
      fits.filter((t) => Math.abs(t.severity - wanted) === 1 && !t.immediate),
      fits,
    ];
    for (const tier of tiers) if (tier.length > 0) return rng.pick(tier);
    if (unborn) return { text: "Concerns for an unborn baby; the expectant mother would like support.", severity: 1, factors: ["20"], unborn: true };
    return { text: "Worried about the care of {Name} at home and asking the MASH for advice.", severity: 1, factors: ["20"], group: true };
  }

  private renderConcern(template: ConcernTemplate, childIndexes: readonly number[], day: number, locality: Locality): string {
    const kids = childIndexes.map((c) => at(this.children, c));
    const firstKid = at(kids, 0);
    const names = kids.map((k) => k.person.firstName ?? "the baby");
    const name = names.length === 1 ? at(names, 0) : `${names.slice(0, -1).join(", ")} and ${at(names, names.length - 1)}`;
    const plural = kids.length > 1;
    const sex = firstKid.person.sex;
    const they = plural ? "they" : sex === "M" ? "he" : sex === "F" ? "she" : "they";
    const them = plural ? "them" : sex === "M" ? "him" : sex === "F" ? "her" : "them";
    const their = plural ? "their" : sex === "M" ? "his" : sex === "F" ? "her" : "their";
    const singularVerb = !plural && sex !== "U";
    const values: Record<string, string> = {
      Name: name,
      they,
      They: capitalise(they),
      them,
      their,
      Their: capitalise(their),
      is: singularVerb ? "is" : "are",
      was: singularVerb ? "was" : "were",
      has: singularVerb ? "has" : "have",
      age: String(firstKid.dob === null ? 0 : ageOn(firstKid.dob, day)),
      town: locality.town,
    };
    return template.text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
  }

  private referrer(source: string, template: ConcernTemplate, locality: Locality, child: Child, day: number): ReferrerInfo {
    const { rng } = this;
    const first = rng.pick(ADULT_FIRST_NAMES);
    const last = rng.pick(SURNAMES.british);
    const professional = profileOf(source).professional;
    let name = `${first} ${last}`;
    let role: string | undefined;
    let organisation: string | undefined;
    if (template.from) {
      [role, organisation] = template.from;
    } else {
      switch (source) {
        case "1C":
          name = `${child.person.firstName ?? "Young person"} ${child.person.lastName}`;
          role = "Self (the child)";
          break;
        case "2A": {
          const age = child.dob === null ? 0 : ageOn(child.dob, day);
          role = rng.pick(SCHOOL_ROLES);
          organisation = rng.pick(age <= 10 ? PRIMARY_SCHOOLS : age <= 15 ? SECONDARY_SCHOOLS : SIXTH_FORMS);
          break;
        }
        case "3A":
          name = `Dr ${first} ${last}`;
          role = "GP";
          organisation = rng.pick(GP_PRACTICES);
          break;
        case "6": {
          const [rank, rankRole] = rng.pick(POLICE_RANKS);
          name = rank === "" ? `${first} ${last}` : `${rank} ${first} ${last}`;
          role = rankRole;
          organisation = "Devon and Cornwall Police";
          break;
        }
        case "9":
          return { name: "Anonymous", professional: false };
        case "10":
          return { name: "Not recorded", professional: false };
        default: {
          const options = DEFAULT_REFERRERS[source];
          if (options) [role, organisation] = rng.pick(options);
        }
      }
    }
    const referrer: ReferrerInfo = { name, professional };
    if (role !== undefined) referrer.role = role;
    if (organisation !== undefined && organisation !== "") referrer.organisation = fillPlace(organisation, locality);
    const drama = String(rng.int(0, 999)).padStart(3, "0");
    if (professional) {
      referrer.phone = `01632 960${drama}`;
      referrer.email = `${slug(first)}.${slug(last)}@${slug(referrer.organisation ?? "devon")}.example`;
    } else if (source !== "1C" || rng.chance(0.5)) {
      referrer.phone = `07700 900${drama}`;
      if (rng.chance(0.3)) referrer.email = `${slug(first)}${rng.int(1, 99)}@mail.example`;
    }
    return referrer;
  }

  private informationRequests(
    receivedMs: number,
    decidedMs: number | null,
    latent: DecidedOutcome,
    priority: SyntheticRag,
    child: Child,
    day: number,
  ): SyntheticInformationRequest[] {
    const { rng } = this;
    const p =
      decidedMs === null
        ? 0.6
        : ({ strategy_discussion: 0.95, referral: 0.8, existing_case: 0.4, early_help: 0.55, nfa: 0.35, advice_signpost: 0.25 } as const)[latent];
    if (!rng.chance(p)) return [];
    const age = child.dob === null ? -1 : ageOn(child.dob, day);
    const agencies: Array<"police" | "health" | "education"> = [];
    if (rng.chance(0.8)) agencies.push("police");
    if (rng.chance(0.75) || age < 2) agencies.push("health");
    if (age >= 3 && rng.chance(0.65)) agencies.push("education");
    if (agencies.length === 0) agencies.push("police");
    const ragWeights: ReadonlyArray<readonly [SyntheticRag, number]> =
      priority === "red" ? [["red", 0.5], ["amber", 0.35], ["green", 0.15]] : priority === "amber" ? [["red", 0.15], ["amber", 0.5], ["green", 0.35]] : [["red", 0.04], ["amber", 0.26], ["green", 0.7]];
    const requests: SyntheticInformationRequest[] = [];
    for (const agencyCode of agencies) {
      // The MASH asks soon after receipt (out of hours only when urgent) …
      let requestedMs = receivedMs + rng.int(10, 90) * MINUTE;
      if (priority !== "red") requestedMs = this.inWorkingHours(requestedMs);
      if (decidedMs === null) {
        if (requestedMs >= this.nowMs) continue; // not asked yet
      } else if (requestedMs >= decidedMs) {
        requestedMs = receivedMs + (decidedMs - receivedMs) * (0.05 + 0.3 * rng.next());
      }
      requestedMs = floorToMinute(requestedMs);
      // … and the partner answers within its RAG clock (red 4 hours, amber next working day, green three working days), before the decision.
      let respondedMs =
        priority === "red"
          ? requestedMs + rng.int(20, 240) * MINUTE
          : this.inWorkingHours(requestedMs + (priority === "amber" ? rng.int(60, 20 * 60) : rng.int(120, 50 * 60)) * MINUTE);
      if (decidedMs !== null) {
        // Answered in time for the decision: shortly before it.
        if (respondedMs > decidedMs - 5 * MINUTE) respondedMs = decidedMs - Math.min((decidedMs - requestedMs) * (0.05 + 0.45 * rng.next()), rng.int(5, 180) * MINUTE);
      } else if (respondedMs > this.nowMs || rng.chance(0.3)) {
        requests.push({ agencyCode, requestedAt: isoString(requestedMs), rag: null, status: "requested", respondedAt: null, information: null });
        continue;
      }
      respondedMs = Math.max(requestedMs, floorToMinute(respondedMs));
      const nothingKnown = rng.chance(0.22);
      const rag = nothingKnown ? null : rng.weighted(ragWeights);
      requests.push({
        agencyCode,
        requestedAt: isoString(requestedMs),
        rag,
        status: nothingKnown ? "nothing_known" : "returned",
        respondedAt: isoString(respondedMs),
        information: rag === null ? null : rng.pick(INFORMATION[agencyCode][rag]),
      });
    }
    return requests;
  }

  /** The instant itself in working hours (08:00–18:00 on a working day), else a time on the next working morning. */
  private inWorkingHours(ms: number): number {
    const day = localDay(ms);
    const minute = localMinute(ms);
    if (isWorkingDay(day) && minute >= 8 * 60 && minute < 18 * 60) return ms;
    const next = isWorkingDay(day) && minute < 8 * 60 ? day : nextWorkingDay(day);
    return localToUtc(next, 8 * 60 + 30 + this.rng.int(0, 120));
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/** The modulus-11 check digit of the first nine digits of an NHS number, or null when none is possible (10). */
function nhsCheckDigit(nine: readonly number[]): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += at(nine, i) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

const PLACE_CACHE = new Map<string, string>();
function fillPlace(pattern: string, locality: Locality): string {
  if (!pattern.includes("{")) return pattern;
  const key = `${pattern}|${locality.place}`;
  let filled = PLACE_CACHE.get(key);
  if (filled === undefined) {
    filled = fillPlaceUncached(pattern, locality);
    PLACE_CACHE.set(key, filled);
  }
  return filled;
}
function fillPlaceUncached(pattern: string, locality: Locality): string {
  return pattern
    .replace("{place}", locality.place)
    .replace("{town}", locality.town)
    .replace("{hospital}", locality.hospital)
    .replace("{council}", locality.council)
    .replace("{hub}", HUB_NAMES[locality.hub]);
}

const ISO_DAY_CACHE = new Map<number, string>();
const ISO_MINUTES: readonly string[] = Array.from({ length: 1440 }, (_, m) => `T${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}:00.000Z`);
/** `Date.prototype.toISOString`, faster for the whole minutes used here. */
function isoString(ms: number): string {
  if (ms % MINUTE !== 0) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY);
  let date = ISO_DAY_CACHE.get(day);
  if (date === undefined) {
    date = dayToIso(day);
    ISO_DAY_CACHE.set(day, date);
  }
  return date + at(ISO_MINUTES, (ms - day * DAY) / MINUTE);
}

function floorToMinute(ms: number): number {
  return Math.floor(ms / MINUTE) * MINUTE;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const SLUG_CACHE = new Map<string, string>();
function slug(s: string): string {
  let cached = SLUG_CACHE.get(s);
  if (cached === undefined) {
    cached = slugify(s);
    SLUG_CACHE.set(s, cached);
  }
  return cached;
}
function slugify(s: string): string {
  return s
    .toLowerCase()
    .replace(/&/g, "and")
    .replace(/'/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
