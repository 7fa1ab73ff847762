import { keptRowsModel, type KeptRowsDoc } from "./kept-rows";

/**
 * The health checks kept per enterprise (`enterprise_checks`, `_id` = its id): one compact row per check —
 * its status, deadline, start date, template version, score and level, and the version it was kept at — so
 * that an enterprise's check history is one read by `_id` instead of a query over every check. Rows are JSON
 * strings keyed by check id. `built` is false while the document is a placeholder its first reader is filling
 * from the checks; every write is at the document's version (a claim). Rebuildable from the checks
 * (rebuildEnterpriseChecks).
 */
export type EnterpriseChecksDoc = KeptRowsDoc;

export const EnterpriseChecks = keptRowsModel("EnterpriseChecks", "enterprise_checks");
