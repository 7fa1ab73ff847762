import { sweepExpiredSessions } from "../../app/services/auth.server";

/** Repeatable: FerretDB has no TTL indexes, so expired sessions and activation links are removed here. */
export async function processSweepJob() {
  return { removed: await sweepExpiredSessions() };
}
