import type { Migration } from "kysely";
import * as m0001 from "./0001_foundation";
import * as m0002 from "./0002_contacts";
import * as m0003 from "./0003_intake";
import * as m0004 from "./0004_people_search";
import * as m0005 from "./0005_queue_and_clocks";
import * as m0006 from "./0006_sign_in_throttle";
import * as m0007 from "./0007_session_lifetimes";
import * as m0008 from "./0008_append_only_audit";
import * as m0009 from "./0009_intake_idempotency";
import * as m0010 from "./0010_vocabulary_and_referral_details";
import * as m0011 from "./0011_history_import";
import * as m0012 from "./0012_measures";
import * as m0013 from "./0013_performance_role_and_measure_targets";
import * as m0014 from "./0014_stored_look_backs";
import * as m0015 from "./0015_oversight_and_decision_deadlines";
import * as m0017 from "./0017_jobs_notifications_and_partner_inbox";
import * as m0018 from "./0018_contact_stage_visits";
import * as m0019 from "./0019_agencies_hubs_and_need_to_know";
import * as m0020 from "./0020_consent_override_requests";
import * as m0021 from "./0021_queue_immediate_risk_first";
import * as m0022 from "./0022_stage_visit_firsts";
import * as m0023 from "./0023_withdrawn_requests_and_email_retries";
import * as m0024 from "./0024_queue_repeat_contacts";
import * as m0025 from "./0025_queue_counts_from_one_index";
import * as m0026 from "./0026_measure_group_statistics";
import * as m0027 from "./0027_hub_list_from_one_index";
import * as m0028 from "./0028_contact_month_counts";

/**
 * Every migration, in order. Listed here (rather than read from the directory) so the same list
 * runs under tsx, Vitest and the Vite server build alike. Names never change once released.
 */
export const migrations: Record<string, Migration> = {
  "0001_foundation": m0001,
  "0002_contacts": m0002,
  "0003_intake": m0003,
  "0004_people_search": m0004,
  "0005_queue_and_clocks": m0005,
  "0006_sign_in_throttle": m0006,
  "0007_session_lifetimes": m0007,
  "0008_append_only_audit": m0008,
  "0009_intake_idempotency": m0009,
  "0010_vocabulary_and_referral_details": m0010,
  "0011_history_import": m0011,
  "0012_measures": m0012,
  "0013_performance_role_and_measure_targets": m0013,
  "0014_stored_look_backs": m0014,
  "0015_oversight_and_decision_deadlines": m0015,
  "0017_jobs_notifications_and_partner_inbox": m0017,
  "0018_contact_stage_visits": m0018,
  "0019_agencies_hubs_and_need_to_know": m0019,
  "0020_consent_override_requests": m0020,
  "0021_queue_immediate_risk_first": m0021,
  "0022_stage_visit_firsts": m0022,
  "0023_withdrawn_requests_and_email_retries": m0023,
  "0024_queue_repeat_contacts": m0024,
  "0025_queue_counts_from_one_index": m0025,
  "0026_measure_group_statistics": m0026,
  "0027_hub_list_from_one_index": m0027,
  "0028_contact_month_counts": m0028,
};
