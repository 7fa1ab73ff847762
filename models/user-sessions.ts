import { keptRowsModel } from "./kept-rows";

/**
 * The sessions kept per account (`user_sessions`, `_id` = the account's id): one row per session signed in —
 * when it began and when it expires — so that "my sessions" is one read by `_id` and the shown sessions by
 * key, not a query over every session. A session ended since (signed out, revoked, swept) is dropped from
 * the rows by the next reader that finds it gone. `built` is false while the document is a placeholder its
 * first reader is filling from the sessions; every write is at the document's version (a claim).
 */
export const UserSessions = keptRowsModel("UserSessions", "user_sessions");
