/**
 * Presenting factors: CIN census FactorsIdentifiedAtAssessment (N00181) codes, in census order.
 * In 1–6 the letter says whose issue it is: A the child, B a parent or carer, C another person in
 * the household. 21 ("no factors identified") is only ever recorded on its own.
 */
import { codesOf, type Term } from "./term";

export const FACTORS = [
  { code: "1A", label: "Alcohol misuse: child", census: "1A" },
  { code: "1B", label: "Alcohol misuse: parent or carer", census: "1B" },
  { code: "1C", label: "Alcohol misuse: another person in the household", census: "1C" },
  { code: "2A", label: "Drug misuse: child", census: "2A" },
  { code: "2B", label: "Drug misuse: parent or carer", census: "2B" },
  { code: "2C", label: "Drug misuse: another person in the household", census: "2C" },
  { code: "3A", label: "Domestic abuse: child", census: "3A" },
  { code: "3B", label: "Domestic abuse: parent or carer", census: "3B" },
  { code: "3C", label: "Domestic abuse: another person in the household", census: "3C" },
  { code: "4A", label: "Mental health: child", census: "4A" },
  { code: "4B", label: "Mental health: parent or carer", census: "4B" },
  { code: "4C", label: "Mental health: another person in the household", census: "4C" },
  { code: "5A", label: "Learning disability: child", census: "5A" },
  { code: "5B", label: "Learning disability: parent or carer", census: "5B" },
  { code: "5C", label: "Learning disability: another person in the household", census: "5C" },
  { code: "6A", label: "Physical disability or illness: child", census: "6A" },
  { code: "6B", label: "Physical disability or illness: parent or carer", census: "6B" },
  { code: "6C", label: "Physical disability or illness: another person in the household", census: "6C" },
  { code: "7A", label: "Young carer", census: "7A" },
  { code: "8B", label: "Privately fostered: overseas child who intends to return", census: "8B" },
  { code: "8C", label: "Privately fostered: overseas child who intends to stay", census: "8C" },
  { code: "8D", label: "Privately fostered: UK child in education", census: "8D" },
  { code: "8E", label: "Privately fostered: UK child, planned permanence", census: "8E" },
  { code: "8F", label: "Privately fostered: other", census: "8F" },
  { code: "9A", label: "Unaccompanied asylum-seeking child", census: "9A" },
  { code: "10A", label: "Going or being missing", census: "10A" },
  { code: "11A", label: "Child sexual exploitation", census: "11A" },
  { code: "12A", label: "Trafficking", census: "12A" },
  { code: "13A", label: "Gangs", census: "13A" },
  { code: "14A", label: "Socially unacceptable behaviour", census: "14A" },
  { code: "15A", label: "Self-harm", census: "15A" },
  { code: "16A", label: "Neglect", census: "16A" },
  { code: "17A", label: "Emotional abuse", census: "17A" },
  { code: "18B", label: "Physical abuse by a child", census: "18B" },
  { code: "18C", label: "Physical abuse by an adult", census: "18C" },
  { code: "19B", label: "Sexual abuse by a child", census: "19B" },
  { code: "19C", label: "Sexual abuse by an adult", census: "19C" },
  { code: "20", label: "Other", census: "20" },
  { code: "21", label: "No factors identified", census: "21" },
  { code: "22A", label: "Female genital mutilation", census: "22A" },
  { code: "23A", label: "Abuse linked to faith or belief", census: "23A" },
  { code: "24A", label: "Child criminal exploitation", census: "24A" },
] as const satisfies readonly Term[];

export type FactorCode = (typeof FACTORS)[number]["code"];
export const FACTOR_CODES = codesOf<FactorCode>(FACTORS);
/** Recorded only on its own. */
export const NO_FACTORS: FactorCode = "21";
export const NO_FACTORS_ALONE_MESSAGE = "Choose \u201cNo factors identified\u201d on its own, or the factors presented";
