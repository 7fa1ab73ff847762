import { keptRowsModel, type KeptRowsDoc } from "./kept-rows";

/**
 * The prescription items kept per enterprise (`enterprise_items`, `_id` = its id) and per union organisation
 * (`org_items`, `_id` = its id; the items whose `unionOrgId` it is, which never changes): one compact row per
 * item — status, severity, dimension, deadline, prescription number and item number, the enterprise, and the
 * item's version — so that a list of items (HR's and the chair's of their enterprise, an instructor's of their
 * organisations) is a few reads by `_id`, then the shown items by `_id`. Rows are JSON strings keyed by item
 * id. `built` is false while the document is a placeholder its first reader is filling from the items; every
 * write is at the document's version (a claim). Rebuildable from the items (rebuildKeptItems).
 */
export type KeptItemsDoc = KeptRowsDoc;

export const EnterpriseItems = keptRowsModel("EnterpriseItems", "enterprise_items");

export const OrgItems = keptRowsModel("OrgItems", "org_items");
