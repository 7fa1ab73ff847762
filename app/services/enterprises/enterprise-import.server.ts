import { Types } from "mongoose";
import type { EnterpriseInput } from "~/domain/enterprise";
import { can } from "~/domain/policy";
import { Enterprise } from "../../../models/enterprise";
import { isDuplicateKeyError } from "../../../models/errors";
import { ImportBatch } from "../../../models/import-batch";
import { UnionOrg } from "../../../models/union-org";
import { orMissing } from "../../../models/lean-defaults";
import { updateAtVersion } from "../../../models/write-claim";
import { audit } from "../audit/audit.server";
import type { CurrentUser } from "../accounts/auth.server";
import { parseEnterpriseWorkbook } from "./enterprise-excel.server";
import { conflict, forbidden, notFound, UserError } from "../../lib/http.server";
import { scopedQuery } from "../access/list-scope.server";
import { noteChanges } from "../dashboards/rollups.server";
import { keepEnterpriseFigures } from "../workbench/figures.server";

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/**
 * Step 1: parse the uploaded workbook and keep the result as a preview batch. Every row's problems are
 * listed (with its Excel row number); organisations outside the uploader's subtree count as unknown.
 */
export async function previewImport(user: CurrentUser, fileName: string, bytes: Uint8Array) {
  if (!can(user, "enterprise:import", { type: "system" })) throw forbidden();
  if (bytes.byteLength === 0) throw new UserError("请选择要导入的 Excel 文件（.xlsx）");
  if (bytes.byteLength > MAX_UPLOAD_BYTES) throw new UserError("文件超过 5 MB，请拆分后分批导入");
  const orgs = await UnionOrg.find(await scopedQuery(user, "org", { archived: orMissing(false) }))
    .select({ name: 1 })
    .lean();
  const orgByName = new Map(orgs.map((o) => [o.name, String(o._id)]));
  const existing = await Enterprise.find().select({ creditCode: 1 }).lean();
  const parsed = await parseEnterpriseWorkbook(Buffer.from(bytes), {
    resolveUnionOrg: (name: string) => orgByName.get(name.trim()),
    existingCreditCodes: new Set(existing.map((e) => e.creditCode)),
  });
  const batch = await ImportBatch.create({
    uploadedBy: new Types.ObjectId(user.id),
    fileName: fileName.slice(0, 200),
    rows: parsed.rows.map((row) => ({
      rowNumber: row.rowNumber,
      name: row.input?.name ?? row.raw?.name,
      creditCode: row.input?.creditCode ?? row.raw?.creditCode,
      input: row.input && row.errors.length === 0 ? JSON.stringify(row.input) : undefined,
      errors: row.errors,
    })),
    fileErrors: parsed.fileErrors,
  });
  return String(batch._id);
}

export async function getImportBatch(user: CurrentUser, id: string) {
  if (!Types.ObjectId.isValid(id)) throw notFound("导入批次不存在");
  const batch = await ImportBatch.findById(id).lean();
  if (!batch) throw notFound("导入批次不存在");
  if (!can(user, "import_batch:view", { type: "job", ownerId: String(batch.uploadedBy) }))
    throw forbidden("只能查看自己上传的导入批次");
  const badRows = batch.rows.filter((r) => r.errors.length > 0);
  return {
    id: String(batch._id),
    fileName: batch.fileName,
    status: batch.status,
    version: batch.version,
    fileErrors: batch.fileErrors,
    total: batch.rows.length,
    badCount: badRows.length,
    importedCount: batch.importedCount,
    rows: batch.rows.map((r) => ({
      rowNumber: r.rowNumber,
      name: r.name ?? "",
      creditCode: r.creditCode ?? "",
      errors: r.errors,
    })),
    canConfirm:
      batch.status === "preview" &&
      batch.fileErrors.length === 0 &&
      badRows.length === 0 &&
      batch.rows.length > 0,
  };
}

/**
 * Step 2: write every row of a clean batch. Runs once per batch (a version claim settles double
 * clicks). A row whose credit code appeared meanwhile is skipped and reported, never duplicated.
 */
/**
 * The preview checked each row's organisation against the uploader's scope; rights and organisations may
 * have changed since (a role removed, an organisation archived). Checked again before anything is written.
 */
async function recheckScope(user: CurrentUser, rows: { rowNumber: number; input?: string }[]) {
  if (!can(user, "enterprise:import", { type: "system" })) throw forbidden();
  const wanted = [...new Set(rows.map((r) => (JSON.parse(r.input!) as EnterpriseInput).unionOrgId))];
  const orgs = await UnionOrg.find(
    await scopedQuery(user, "org", {
      _id: { $in: wanted.map((o) => new Types.ObjectId(o)) },
      archived: orMissing(false),
    }),
  )
    .select({ _id: 1 })
    .lean();
  const allowed = new Set(orgs.map((o) => String(o._id)));
  const outside = rows.filter((r) => !allowed.has((JSON.parse(r.input!) as EnterpriseInput).unionOrgId));
  if (outside.length > 0) {
    const lines = outside.slice(0, 5).map((r) => `第 ${r.rowNumber} 行`);
    throw new UserError(
      `${lines.join("、")}${outside.length > 5 ? ` 等 ${outside.length} 行` : ""}的所属工会已不在您的管辖范围内或已撤销，请核对后重新上传；本次未写入任何数据`,
    );
  }
}

export async function confirmImport(user: CurrentUser, id: string, version: number) {
  const view = await getImportBatch(user, id);
  if (view.status === "imported") throw new UserError("该批次已导入，无需重复确认");
  if (!view.canConfirm) throw new UserError("存在错误的行，请修改 Excel 后重新上传；本次未写入任何数据");
  const batch = await ImportBatch.findById(id).lean();
  await recheckScope(user, batch!.rows);
  const claimed = await updateAtVersion(
    ImportBatch,
    batch!._id,
    version,
    { $set: { status: "imported" } },
    { status: orMissing("preview") },
  );
  if (!claimed) throw conflict("该批次正在导入或已导入，请刷新查看结果");
  let created = 0;
  const createdIds: unknown[] = [];
  const skipped: string[] = [];
  for (const row of batch!.rows) {
    const input = JSON.parse(row.input!) as EnterpriseInput;
    try {
      const doc = await Enterprise.create({
        ...input,
        unionOrgId: new Types.ObjectId(input.unionOrgId),
        womenShare: input.womenShare ?? null,
      });
      created++;
      createdIds.push(doc._id);
      await audit(
        { id: user.id, name: user.displayName },
        {
          action: "enterprise.create",
          resourceType: "enterprise",
          resourceId: String(doc._id),
          resourceName: doc.name,
          unionOrgId: input.unionOrgId,
          enterpriseId: String(doc._id),
          after: doc.toObject(),
          detail: `Excel 导入（${batch!.fileName} 第 ${row.rowNumber} 行）`,
        },
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      skipped.push(`第 ${row.rowNumber} 行（${input.creditCode}）已存在，已跳过`);
    }
  }
  await ImportBatch.updateOne({ _id: batch!._id }, { $set: { importedCount: created } });
  await noteChanges("enterprise", createdIds);
  await keepEnterpriseFigures(
    createdIds,
    batch!.rows.map((row) => (JSON.parse(row.input!) as EnterpriseInput).unionOrgId),
  );
  return { created, skipped };
}
