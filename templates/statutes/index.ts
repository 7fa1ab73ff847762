/**
 * The statute texts shipped with the project: every statute the default health-check template cites, in
 * full, generated from the shared reference by scripts/build-statutes.ts (do not edit statutes.json by
 * hand). Look-ups go through app/domain/health-check/statutes.ts with this library passed in.
 */
import type { StatuteLibrary } from "~/domain/health-check/statutes";
import statutes from "./statutes.json";

export const statuteLibrary: StatuteLibrary = statutes;
