import { keptRowsModel } from "./kept-rows";

/**
 * The accounts kept per union organisation (`org_accounts`, `_id` = its id, or "platform"): one row per account
 * that instructs that organisation or holds a role in an enterprise under it (directly), and under "platform"
 * the accounts bound to neither (the platform's admins) — its names, mobile, status, when it was made and
 * every grant — so that the account list of an admin (every document) or an instructor (their subtree's) is a
 * few reads by `_id`, ordered and paged in memory. An account of several organisations is in each one's.
 * `built` is false while a document is a placeholder its first reader is filling from the accounts; every
 * write is at the document's version (a claim). Rebuildable from the accounts (rebuildKeptAccounts).
 */
export const OrgAccounts = keptRowsModel("OrgAccounts", "org_accounts");
