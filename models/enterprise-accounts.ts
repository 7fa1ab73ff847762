import { keptRowsModel } from "./kept-rows";

/**
 * The accounts kept per enterprise (`enterprise_accounts`, `_id` = its id): one compact row per account that
 * holds a role in the enterprise — its name, sign-in name, status and those roles — so that who is told of
 * a step (the HR managers, the union chair) and who may be linked to a representative are one read by `_id`
 * instead of a query over every account. Rows are JSON strings keyed by account id. `built` is false while
 * the document is a placeholder its first reader is filling from the accounts; every write is at the
 * document's version (a claim). Rebuildable from the accounts (rebuildEnterpriseAccounts).
 */
export const EnterpriseAccounts = keptRowsModel("EnterpriseAccounts", "enterprise_accounts");
