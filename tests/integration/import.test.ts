/**
 * Excel import of enterprises against the real database: preview writes nothing and lists every bad row,
 * confirm writes a clean batch exactly once, a re-import duplicates nothing, and an instructor's file may
 * only name organisations of their subtree.
 */
import ExcelJS from "exceljs";
import {
  confirmImport,
  getImportBatch,
  previewImport,
} from "~/services/enterprises/enterprise-import.server";
import { ENTERPRISE_COLUMNS } from "~/services/enterprises/enterprise-excel.server";
import { UserError } from "~/lib/http.server";
import { AuditEntry } from "../../models/audit";
import { Enterprise } from "../../models/enterprise";
import { ImportBatch } from "../../models/import-batch";
import { UnionOrg, type UnionOrgDoc } from "../../models/union-org";
import { User } from "../../models/user";
import {
  makeEnterprise,
  makeOrg,
  makeUser,
  nextCreditCode,
  rejectionOf,
  signInAs,
  thrownResponse,
  type Browser,
} from "../support/factories";

const HEADERS = ENTERPRISE_COLUMNS.map((c) => c.header);

/** One row in column order; cells patched by column label. */
function row(patch: Record<string, ExcelJS.CellValue>): ExcelJS.CellValue[] {
  const cells: Record<string, ExcelJS.CellValue> = {
    企业名称: null,
    统一社会信用代码: null,
    行业门类: "C",
    职工人数: 120,
    女职工占比: 40,
    所属工会: null,
    是否建立职代会: "否",
    是否实行厂务公开: "否",
    ...patch,
  };
  return ENTERPRISE_COLUMNS.map((c) => cells[c.label] ?? null);
}

async function xlsx(rows: ExcelJS.CellValue[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("企业名单");
  sheet.addRow(HEADERS);
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

let a1: UnionOrgDoc;
let b1: UnionOrgDoc;
let distA: UnionOrgDoc;
let distB: UnionOrgDoc;
let admin: Browser;
let instA: Browser;
let existingCode: string;

beforeAll(async () => {
  const city = await makeOrg({ name: "导入测试市总工会" });
  distA = await makeOrg({ name: "导入甲区总工会", kind: "district", parent: city });
  a1 = await makeOrg({ name: "导入甲一街道总工会", parent: distA });
  distB = await makeOrg({ name: "导入乙区总工会", kind: "district", parent: city });
  b1 = await makeOrg({ name: "导入乙一街道总工会", parent: distB });
  existingCode = (await makeEnterprise(a1, { name: "已登记的老企业有限公司" })).creditCode;
  admin = await signInAs(await makeUser({ role: "admin" }));
  instA = await signInAs(await makeUser({ role: "instructor", org: distA }));
});

const enterpriseCount = () => Enterprise.countDocuments();

describe("a file mixing good and bad rows", () => {
  it("preview writes no enterprise, lists every bad row with its number and reason; confirm refuses", async () => {
    const good1 = nextCreditCode();
    const good2 = nextCreditCode();
    const badCheck = `${nextCreditCode().slice(0, 17)}${"0"}`;
    const file = await xlsx([
      row({ 企业名称: "混合好企业一有限公司", 统一社会信用代码: good1, 所属工会: a1.name }), // 2
      row({ 企业名称: "校验位错误有限公司", 统一社会信用代码: badCheck, 所属工会: a1.name }), // 3
      row({ 企业名称: "未知工会有限公司", 统一社会信用代码: nextCreditCode(), 所属工会: "不存在街道总工会" }), // 4
      row({ 企业名称: "文件内重复有限公司", 统一社会信用代码: good1, 所属工会: a1.name }), // 5
      row({ 企业名称: "已存在企业有限公司", 统一社会信用代码: existingCode, 所属工会: a1.name }), // 6
      row({ 企业名称: null, 统一社会信用代码: nextCreditCode(), 所属工会: a1.name }), // 7
      row({ 企业名称: "混合好企业二有限公司", 统一社会信用代码: good2, 所属工会: b1.name }), // 8
    ]);
    const before = await enterpriseCount();
    const batchId = await previewImport(admin.user, "混合.xlsx", file);
    expect(await enterpriseCount()).toBe(before);

    const batch = await getImportBatch(admin.user, batchId);
    expect(batch).toMatchObject({
      status: "preview",
      total: 7,
      badCount: 5,
      canConfirm: false,
      fileErrors: [],
    });
    const expectedCheck = badCheck.slice(0, 17);
    expect(batch.rows.map((r) => [r.rowNumber, r.errors])).toEqual([
      [2, []],
      [3, [expect.stringMatching(/^统一社会信用代码：校验位应为“.”，实际为“0”$/)]],
      [4, ["所属工会：找不到名为“不存在街道总工会”的工会组织"]],
      [5, ["统一社会信用代码：与第2行重复"]],
      [6, ["统一社会信用代码：系统中已存在该企业"]],
      [7, ["企业名称：必填"]],
      [8, []],
    ]);
    expect(batch.rows[1].creditCode.slice(0, 17)).toBe(expectedCheck);

    const refused = await rejectionOf(confirmImport(admin.user, batchId, batch.version));
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as UserError).message).toBe("存在错误的行，请修改 Excel 后重新上传；本次未写入任何数据");
    expect(await enterpriseCount()).toBe(before);
    expect(await Enterprise.countDocuments({ creditCode: { $in: [good1, good2] } })).toBe(0);
    expect((await ImportBatch.findById(batchId).lean())?.status).toBe("preview");
  });

  it("a file that is not a workbook is a file error, nothing to confirm", async () => {
    const batchId = await previewImport(
      admin.user,
      "名单.csv",
      new TextEncoder().encode("企业名称,代码\n甲,乙\n"),
    );
    const batch = await getImportBatch(admin.user, batchId);
    expect(batch.fileErrors).toEqual([expect.stringMatching(/^文件不是 \.xlsx 格式的 Excel 工作簿/)]);
    expect(batch.canConfirm).toBe(false);
    expect(await rejectionOf(confirmImport(admin.user, batchId, batch.version))).toBeInstanceOf(UserError);
  });
});

describe("a clean file", () => {
  let file: Uint8Array;
  let codes: string[];

  beforeAll(async () => {
    codes = [nextCreditCode(), nextCreditCode(), nextCreditCode()];
    file = await xlsx([
      row({ 企业名称: "干净导入一号有限公司", 统一社会信用代码: codes[0], 所属工会: a1.name, 职工人数: 30 }),
      row({
        企业名称: "干净导入二号有限公司",
        统一社会信用代码: codes[1],
        所属工会: b1.name,
        行业门类: "制造业",
      }),
      row({
        企业名称: "干净导入三号有限公司",
        统一社会信用代码: codes[2].toLowerCase(),
        所属工会: a1.name,
        集体合同状态: "生效中",
        集体合同有效期至: "2027-06-30",
      }),
    ]);
  });

  it("imports every row, each with an audit entry", async () => {
    const before = await enterpriseCount();
    const batchId = await previewImport(admin.user, "干净.xlsx", file);
    const batch = await getImportBatch(admin.user, batchId);
    expect(batch).toMatchObject({ total: 3, badCount: 0, canConfirm: true });

    const result = await confirmImport(admin.user, batchId, batch.version);
    expect(result).toEqual({ created: 3, skipped: [] });
    expect(await enterpriseCount()).toBe(before + 3);
    const stored = await Enterprise.find({ creditCode: { $in: codes } })
      .sort({ creditCode: 1 })
      .lean();
    expect(stored.map((e) => [e.name, e.creditCode, String(e.unionOrgId), e.headcount])).toEqual([
      ["干净导入一号有限公司", codes[0], String(a1._id), 30],
      ["干净导入二号有限公司", codes[1], String(b1._id), 120],
      ["干净导入三号有限公司", codes[2], String(a1._id), 120],
    ]);
    expect(stored[2]).toMatchObject({ contractStatus: "in_effect", contractValidUntil: "2027-06-30" });

    const entries = await AuditEntry.find({
      action: "enterprise.create",
      resourceId: { $in: stored.map((e) => String(e._id)) },
    })
      .sort({ detail: 1 })
      .lean();
    expect(entries.map((e) => e.detail)).toEqual([
      "Excel 导入（干净.xlsx 第 2 行）",
      "Excel 导入（干净.xlsx 第 3 行）",
      "Excel 导入（干净.xlsx 第 4 行）",
    ]);
    expect(entries.every((e) => String(e.actorId) === admin.user.id)).toBe(true);
    expect(await getImportBatch(admin.user, batchId)).toMatchObject({ status: "imported", importedCount: 3 });

    const again = await rejectionOf(confirmImport(admin.user, batchId, batch.version));
    expect((again as UserError).message).toBe("该批次已导入，无需重复确认");
  });

  it("re-importing the same file creates no duplicates: every row is flagged as existing", async () => {
    const before = await enterpriseCount();
    const batchId = await previewImport(admin.user, "干净.xlsx", file);
    const batch = await getImportBatch(admin.user, batchId);
    expect(batch.rows.map((r) => [r.rowNumber, r.errors])).toEqual([
      [2, ["统一社会信用代码：系统中已存在该企业"]],
      [3, ["统一社会信用代码：系统中已存在该企业"]],
      [4, ["统一社会信用代码：系统中已存在该企业"]],
    ]);
    expect(batch.canConfirm).toBe(false);
    expect(await rejectionOf(confirmImport(admin.user, batchId, batch.version))).toBeInstanceOf(UserError);
    expect(await enterpriseCount()).toBe(before);
    expect(await Enterprise.countDocuments({ creditCode: { $in: codes } })).toBe(3);
  });

  it("two simultaneous confirmations of one batch import it once", async () => {
    const fresh = [nextCreditCode(), nextCreditCode()];
    const batchId = await previewImport(
      admin.user,
      "双击.xlsx",
      await xlsx([
        row({ 企业名称: "双击导入一号有限公司", 统一社会信用代码: fresh[0], 所属工会: a1.name }),
        row({ 企业名称: "双击导入二号有限公司", 统一社会信用代码: fresh[1], 所属工会: b1.name }),
      ]),
    );
    const { version } = await getImportBatch(admin.user, batchId);
    const before = await enterpriseCount();
    const results = await Promise.allSettled([
      confirmImport(admin.user, batchId, version),
      confirmImport(admin.user, batchId, version),
    ]);
    const done = results.filter((r) => r.status === "fulfilled") as PromiseFulfilledResult<{
      created: number;
    }>[];
    expect(done).toHaveLength(1);
    expect(done[0].value.created).toBe(2);
    const lost = (results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason as unknown;
    // The loser is told either that the batch is being imported (409) or that it already was.
    if (lost instanceof Response) expect(lost.status).toBe(409);
    else expect((lost as UserError).message).toBe("该批次已导入，无需重复确认");
    expect(await enterpriseCount()).toBe(before + 2);
    expect(await Enterprise.countDocuments({ creditCode: { $in: fresh } })).toBe(2);
    expect(
      await AuditEntry.countDocuments({ action: "enterprise.create", detail: /^Excel 导入（双击\.xlsx/ }),
    ).toBe(2);
  });
});

describe("an instructor's import", () => {
  it("reports an organisation outside the subtree as unknown and imports nothing from that file", async () => {
    const inside = nextCreditCode();
    const outside = nextCreditCode();
    const before = await enterpriseCount();
    const batchId = await previewImport(
      instA.user,
      "越界.xlsx",
      await xlsx([
        row({ 企业名称: "辖区内企业有限公司", 统一社会信用代码: inside, 所属工会: a1.name }),
        row({ 企业名称: "辖区外企业有限公司", 统一社会信用代码: outside, 所属工会: b1.name }),
      ]),
    );
    const batch = await getImportBatch(instA.user, batchId);
    expect(batch.rows.map((r) => [r.rowNumber, r.errors])).toEqual([
      [2, []],
      [3, [`所属工会：找不到名为“${b1.name}”的工会组织`]],
    ]);
    expect(await rejectionOf(confirmImport(instA.user, batchId, batch.version))).toBeInstanceOf(UserError);
    expect(await enterpriseCount()).toBe(before);
  });

  it("imports into their own subtree", async () => {
    const code = nextCreditCode();
    const batchId = await previewImport(
      instA.user,
      "辖区内.xlsx",
      await xlsx([row({ 企业名称: "指导员导入企业有限公司", 统一社会信用代码: code, 所属工会: a1.name })]),
    );
    const batch = await getImportBatch(instA.user, batchId);
    expect(await confirmImport(instA.user, batchId, batch.version)).toEqual({ created: 1, skipped: [] });
    expect(String((await Enterprise.findOne({ creditCode: code }).lean())?.unionOrgId)).toBe(String(a1._id));
  });

  it("another person cannot open or confirm the batch; enterprise staff cannot import at all", async () => {
    const batchId = await previewImport(
      instA.user,
      "别人的.xlsx",
      await xlsx([
        row({ 企业名称: "他人批次企业有限公司", 统一社会信用代码: nextCreditCode(), 所属工会: a1.name }),
      ]),
    );
    const other = await signInAs(await makeUser({ role: "instructor", org: a1 }));
    expect(await thrownResponse(getImportBatch(other.user, batchId))).toEqual({
      status: 403,
      message: "只能查看自己上传的导入批次",
    });
    expect((await thrownResponse(confirmImport(other.user, batchId, 0))).status).toBe(403);
    expect((await ImportBatch.findById(batchId).lean())?.status).toBe("preview");

    const enterprise = await Enterprise.findOne({ unionOrgId: a1._id }).lean();
    const hr = await signInAs(await makeUser({ role: "hr", enterprise: enterprise! }));
    const file = await xlsx([
      row({ 企业名称: "人事导入企业有限公司", 统一社会信用代码: nextCreditCode(), 所属工会: a1.name }),
    ]);
    expect((await thrownResponse(previewImport(hr.user, "人事.xlsx", file))).status).toBe(403);
  });
  it("confirming re-checks the scope: rows whose organisation left it since the preview write nothing", async () => {
    const mover = await makeUser({ role: "instructor", org: distA });
    const before = await enterpriseCount();
    const code = nextCreditCode();
    const moving = await signInAs(mover);
    const batchId = await previewImport(
      moving.user,
      "调岗前.xlsx",
      await xlsx([row({ 企业名称: "调岗前上传企业有限公司", 统一社会信用代码: code, 所属工会: a1.name })]),
    );
    const batch = await getImportBatch(moving.user, batchId);
    expect(batch.canConfirm).toBe(true);
    // Before confirming, the instructor is moved to the other district.
    await User.updateOne(
      { _id: mover.doc._id },
      { $set: { roles: [{ role: "instructor", unionOrgId: distB._id }] } },
    );
    const moved = await signInAs(mover);
    const refused = await rejectionOf(confirmImport(moved.user, batchId, batch.version));
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as Error).message).toMatch(/^第 2 行的所属工会已不在您的管辖范围内或已撤销/);
    expect(await enterpriseCount()).toBe(before);
    expect((await ImportBatch.findById(batchId).lean())?.status).toBe("preview");

    // An organisation archived after the preview: refused too, for an admin as well.
    const closing = await makeOrg({ name: "即将撤销的街道总工会", parent: distA });
    const adminBatch = await previewImport(
      admin.user,
      "撤销前.xlsx",
      await xlsx([
        row({
          企业名称: "撤销前上传企业有限公司",
          统一社会信用代码: nextCreditCode(),
          所属工会: closing.name,
        }),
      ]),
    );
    const adminView = await getImportBatch(admin.user, adminBatch);
    expect(adminView.canConfirm).toBe(true);
    await UnionOrg.updateOne({ _id: closing._id }, { $set: { archived: true } });
    expect(
      ((await rejectionOf(confirmImport(admin.user, adminBatch, adminView.version))) as Error).message,
    ).toMatch(/已撤销/);
    expect(await enterpriseCount()).toBe(before);
  });
});
