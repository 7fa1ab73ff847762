import { keptRowsModel } from "./kept-rows";

/**
 * The records a person made, kept per person and kind (`own_records`, `_id` = `<kind>:<account id>`): one row
 * per record — when it was made — so that "my report batches" and "my offer campaigns" are one read by `_id`
 * and the newest records by key, not a query over everyone's. Rows are JSON strings keyed by record id.
 * `built` is false while the document is a placeholder its first reader is filling from the records; every
 * write is at the document's version (a claim). Rebuildable from the records (rebuildOwnRecords).
 */
export const OwnRecords = keptRowsModel("OwnRecords", "own_records");
