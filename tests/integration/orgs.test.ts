/**
 * The union organisation tree against the real database: create, rename, move and archive, each audited
 * with before/after; cycles, archiving a node in use, duplicate names and stale versions are refused.
 */
import {
  archiveOrg,
  createOrg,
  listOrgTree,
  moveOrg,
  renameOrg,
  setOrgDocumentStyle,
} from "~/services/orgs/orgs.server";
import { openReport, reportPage } from "~/services/reports/reports.server";
import { UserError } from "~/lib/http.server";
import { AuditEntry } from "../../models/audit";
import { Enterprise } from "../../models/enterprise";
import { OrgCode, UnionOrg, type UnionOrgDoc } from "../../models/union-org";
import { makeAcceptedAssessment } from "../support/reports";
import {
  makeEnterprise,
  makeUser,
  rejectionOf,
  signInAs,
  thrownResponse,
  type Browser,
  keepEnterprisesWrittenDirectly,
} from "../support/factories";

let admin: Browser;
const load = async (id: unknown) => (await UnionOrg.findById(id).lean())!;
const ids = (list: unknown[]) => list.map(String);
const lastAudit = async (action: string, resourceId: unknown) =>
  (await AuditEntry.findOne({ action, resourceId: String(resourceId) })
    .sort({ at: -1, _id: -1 })
    .lean())!;

async function userErrorOf(promise: Promise<unknown>): Promise<UserError> {
  const error = await rejectionOf(promise);
  if (!(error instanceof UserError)) throw error;
  return error;
}

beforeAll(async () => {
  admin = await signInAs(await makeUser({ role: "admin" }));
});

describe("create", () => {
  it("builds the path from the parent and records the new node in the audit trail", async () => {
    const city = await createOrg(admin.user, { name: "  树测试市总工会 ", kind: "city" });
    const district = await createOrg(admin.user, {
      name: "树测试区总工会",
      kind: "district",
      parentId: String(city._id),
    });
    const street = await createOrg(admin.user, {
      name: "树测试街道总工会",
      kind: "street",
      parentId: String(district._id),
    });
    expect(city.name).toBe("树测试市总工会");
    expect(await load(street._id)).toMatchObject({ parentId: district._id, version: 0, archived: false });
    expect(ids((await load(street._id)).ancestors)).toEqual(ids([city._id, district._id]));

    const entry = await lastAudit("org.create", street._id);
    expect(entry).toMatchObject({
      actorId: expect.anything(),
      actorName: admin.user.displayName,
      outcome: "success",
    });
    expect(entry.before).toBeUndefined();
    expect(entry.after).toMatchObject({
      name: "树测试街道总工会",
      kind: "street",
      parentId: String(district._id),
      ancestors: ids([city._id, district._id]),
    });
    expect(String(entry.unionOrgId)).toBe(String(street._id));
  });

  it("refuses an unknown kind, a too-short name and a missing parent", async () => {
    expect((await userErrorOf(createOrg(admin.user, { name: "某某工会", kind: "village" }))).message).toBe(
      "请选择组织类型",
    );
    expect((await userErrorOf(createOrg(admin.user, { name: "某", kind: "city" }))).message).toBe(
      "组织名称应为 2 到 60 个字",
    );
    expect(
      (
        await userErrorOf(
          createOrg(admin.user, { name: "孤儿工会", kind: "street", parentId: "64b000000000000000000000" }),
        )
      ).message,
    ).toBe("上级组织不存在或已归档");
    expect(await UnionOrg.countDocuments({ name: { $in: ["某某工会", "某", "孤儿工会"] } })).toBe(0);
  });

  it("refuses a duplicate name with a message naming the field", async () => {
    await createOrg(admin.user, { name: "重名测试总工会", kind: "city" });
    const error = await userErrorOf(createOrg(admin.user, { name: "重名测试总工会", kind: "district" }));
    expect(error.message).toMatch(/^组织名称(“重名测试总工会”)?已存在，不能重复添加$/);
    expect(error.fieldErrors.name).toEqual([error.message]);
    expect(await UnionOrg.countDocuments({ name: "重名测试总工会" })).toBe(1);
  });
});

describe("rename", () => {
  it("bumps the version and audits before/after", async () => {
    const org = await createOrg(admin.user, { name: "改名前总工会", kind: "city" });
    const saved = await renameOrg(admin.user, String(org._id), 0, "改名后总工会");
    expect(saved).toMatchObject({ name: "改名后总工会", version: 1 });
    const entry = await lastAudit("org.rename", org._id);
    expect(entry.before).toEqual({ name: "改名前总工会" });
    expect(entry.after).toEqual({ name: "改名后总工会" });
  });

  it("a stale version is a 409 conflict and changes nothing", async () => {
    const org = await createOrg(admin.user, { name: "并发改名总工会", kind: "city" });
    await renameOrg(admin.user, String(org._id), 0, "第一次改名总工会");
    expect(await thrownResponse(renameOrg(admin.user, String(org._id), 0, "过期改名总工会"))).toEqual({
      status: 409,
      message: "该组织已被他人修改，请刷新后重试",
    });
    expect(await load(org._id)).toMatchObject({ name: "第一次改名总工会", version: 1 });
  });

  it("two simultaneous renames from the same version: one wins, the other gets 409", async () => {
    const org = await createOrg(admin.user, { name: "同时改名总工会", kind: "city" });
    const results = await Promise.allSettled([
      renameOrg(admin.user, String(org._id), 0, "甲方改名总工会"),
      renameOrg(admin.user, String(org._id), 0, "乙方改名总工会"),
    ]);
    const won = results.filter((r) => r.status === "fulfilled") as PromiseFulfilledResult<UnionOrgDoc>[];
    expect(won).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((lost.reason as Response).status).toBe(409);
    expect(await load(org._id)).toMatchObject({ name: won[0].value.name, version: 1 });
  });

  it("renaming to a taken name is refused clearly, and the node can still be renamed afterwards", async () => {
    await createOrg(admin.user, { name: "已被占用总工会", kind: "city" });
    const org = await createOrg(admin.user, { name: "想改名总工会", kind: "city" });
    const error = await userErrorOf(renameOrg(admin.user, String(org._id), 0, "已被占用总工会"));
    expect(error.message).toMatch(/^组织名称(“已被占用总工会”)?已存在，不能重复添加$/);
    expect(await load(org._id)).toMatchObject({ name: "想改名总工会", version: 0 });
    expect(await renameOrg(admin.user, String(org._id), 0, "改成功总工会")).toMatchObject({ version: 1 });
  });
});

describe("move", () => {
  let city: UnionOrgDoc;
  let d1: UnionOrgDoc;
  let d2: UnionOrgDoc;
  let s1: UnionOrgDoc;
  let s1x: UnionOrgDoc;

  beforeAll(async () => {
    city = (await createOrg(admin.user, { name: "移动测试市总工会", kind: "city" })).toObject();
    d1 = (
      await createOrg(admin.user, { name: "移动一区总工会", kind: "district", parentId: String(city._id) })
    ).toObject();
    d2 = (
      await createOrg(admin.user, { name: "移动二区总工会", kind: "district", parentId: String(city._id) })
    ).toObject();
    s1 = (
      await createOrg(admin.user, { name: "移动街道总工会", kind: "street", parentId: String(d1._id) })
    ).toObject();
    s1x = (
      await createOrg(admin.user, { name: "移动园区总工会", kind: "park", parentId: String(s1._id) })
    ).toObject();
  });

  it("moves a node with its subtree and audits the old and new parent", async () => {
    const moved = await moveOrg(admin.user, String(s1._id), 0, String(d2._id));
    expect(moved).toMatchObject({ parentId: d2._id, version: 1 });
    expect(ids((await load(s1._id)).ancestors)).toEqual(ids([city._id, d2._id]));
    expect(ids((await load(s1x._id)).ancestors)).toEqual(ids([city._id, d2._id, s1._id]));
    const entry = await lastAudit("org.move", s1._id);
    expect(entry.before).toEqual({ parentId: String(d1._id) });
    expect(entry.after).toEqual({ parentId: String(d2._id), parentName: "移动二区总工会" });

    const tree = await listOrgTree(admin.user);
    const under = tree.filter((n) => ["移动二区总工会", "移动街道总工会", "移动园区总工会"].includes(n.name));
    expect(under.map((n) => [n.name, n.parentId])).toEqual([
      ["移动二区总工会", String(city._id)],
      ["移动街道总工会", String(d2._id)],
      ["移动园区总工会", String(s1._id)],
    ]);
  });

  it("refuses to move a node under itself or its own descendant, in Chinese, changing nothing", async () => {
    const d2now = await load(d2._id);
    for (const target of [s1x._id, s1._id, d2._id]) {
      const error = await userErrorOf(moveOrg(admin.user, String(d2._id), d2now.version, String(target)));
      expect(error.message).toBe("不能移动到自身或其下级组织之下");
    }
    expect(await load(d2._id)).toEqual(d2now);
    expect(ids((await load(s1x._id)).ancestors)).toEqual(ids([city._id, d2._id, s1._id]));
  });

  it("a stale version is a 409 conflict", async () => {
    expect((await thrownResponse(moveOrg(admin.user, String(s1._id), 0, String(d1._id)))).status).toBe(409);
    expect(String((await load(s1._id)).parentId)).toBe(String(d2._id));
  });
});

describe("archive", () => {
  it("is refused while the node has enterprises or child nodes, then audited once it is empty", async () => {
    const parent = await createOrg(admin.user, { name: "归档测试区总工会", kind: "district" });
    const org = await createOrg(admin.user, {
      name: "归档测试街道总工会",
      kind: "street",
      parentId: String(parent._id),
    });
    const other = await createOrg(admin.user, {
      name: "接收企业街道总工会",
      kind: "street",
      parentId: String(parent._id),
    });
    const enterprise = await makeEnterprise(org);

    const busy = await userErrorOf(archiveOrg(admin.user, String(org._id), 0));
    expect(busy.message).toBe("该组织下还有 0 个下级组织、1 家企业，请先移走后再归档");
    const withChildren = await userErrorOf(archiveOrg(admin.user, String(parent._id), 0));
    expect(withChildren.message).toBe("该组织下还有 2 个下级组织、0 家企业，请先移走后再归档");
    expect(await load(org._id)).toMatchObject({ archived: false, version: 0 });

    await Enterprise.updateOne({ _id: enterprise._id }, { $set: { unionOrgId: other._id } });
    await keepEnterprisesWrittenDirectly([enterprise], [other._id]);
    expect(await thrownResponse(archiveOrg(admin.user, String(org._id), 3))).toMatchObject({ status: 409 });
    const archived = await archiveOrg(admin.user, String(org._id), 0);
    expect(archived).toMatchObject({ archived: true, version: 1 });
    const entry = await lastAudit("org.archive", org._id);
    expect(entry).toMatchObject({ before: { archived: false }, after: { archived: true } });

    const names = (await listOrgTree(admin.user)).map((n) => n.name);
    expect(names).not.toContain("归档测试街道总工会");
    expect((await listOrgTree(admin.user, { includeArchived: true })).map((n) => n.name)).toContain(
      "归档测试街道总工会",
    );
    // An archived node takes no new children.
    const error = await userErrorOf(
      createOrg(admin.user, { name: "归档下新建总工会", kind: "park", parentId: String(org._id) }),
    );
    expect(error.message).toBe("上级组织不存在或已归档");
  });
});

describe("only the admin maintains the tree", () => {
  it("an instructor gets 403 on every change", async () => {
    const org = await createOrg(admin.user, { name: "权限测试区总工会", kind: "district" });
    const instructor = await signInAs(await makeUser({ role: "instructor", org }));
    const id = String(org._id);
    for (const attempt of [
      createOrg(instructor.user, { name: "指导员新建总工会", kind: "street", parentId: id }),
      renameOrg(instructor.user, id, 0, "指导员改名总工会"),
      moveOrg(instructor.user, id, 0, id),
      archiveOrg(instructor.user, id, 0),
    ]) {
      expect(await thrownResponse(attempt)).toEqual({
        status: 403,
        message: "只有平台管理员可以维护工会组织",
      });
    }
    expect(await load(org._id)).toMatchObject({ name: "权限测试区总工会", version: 0, archived: false });
  });
});

describe("document style: short code (机关代字) and red head (版头)", () => {
  it("numbers reports with the default code, then with the code the admin sets; older numbers keep theirs", async () => {
    const org = await createOrg(admin.user, { name: "代字测试街道总工会", kind: "street" });
    const instructor = await signInAs(await makeUser({ role: "instructor", org }));
    const first = await makeAcceptedAssessment(await makeEnterprise(org), instructor.user);
    // A report is numbered by the first action that needs it (openReport), not by reading its page.
    await openReport(instructor.user, String(first._id));
    const firstNo = (await reportPage(instructor.user, String(first._id))).report.reportNo;
    expect(firstNo).toMatch(/^代字测试工体〔\d{4}〕1号$/);

    await setOrgDocumentStyle(admin.user, String(org._id), 0, {
      shortCode: " 代测 ",
      redHead: "代字测试街道总工会",
    });
    expect(await load(org._id)).toMatchObject({
      shortCode: "代测",
      redHead: "代字测试街道总工会",
      version: 1,
    });
    expect((await listOrgTree(admin.user)).find((n) => n.id === String(org._id))).toMatchObject({
      shortCode: "代测",
      numberCode: "代测",
      redHead: "代字测试街道总工会",
    });
    const second = await makeAcceptedAssessment(await makeEnterprise(org), instructor.user);
    await openReport(instructor.user, String(second._id));
    expect((await reportPage(instructor.user, String(second._id))).report.reportNo).toMatch(
      /^代测工体〔\d{4}〕2号$/,
    );
    expect((await reportPage(instructor.user, String(first._id))).report.reportNo).toBe(firstNo);
    expect(await lastAudit("org.document_style", org._id)).toMatchObject({
      before: { shortCode: "", redHead: "" },
      after: { shortCode: "代测", redHead: "代字测试街道总工会" },
    });
  });

  it("refuses a code that is not 2–6 Chinese characters, a code in use elsewhere, and a stale version", async () => {
    const a = await createOrg(admin.user, { name: "代字甲街道总工会", kind: "street" });
    const b = await createOrg(admin.user, { name: "代字乙街道总工会", kind: "street" });
    for (const bad of ["甲", "JIA", "甲乙丙丁戊己庚"]) {
      const error = await userErrorOf(
        setOrgDocumentStyle(admin.user, String(a._id), 0, { shortCode: bad, redHead: "" }),
      );
      expect(error.fieldErrors).toEqual({ shortCode: ["机关代字应为 2 到 6 个汉字"] });
    }
    await setOrgDocumentStyle(admin.user, String(a._id), 0, { shortCode: "代甲", redHead: "" });
    const taken = await userErrorOf(
      setOrgDocumentStyle(admin.user, String(b._id), 0, { shortCode: "代甲", redHead: "" }),
    );
    expect(taken.message).toBe("机关代字“代甲”已被代字甲街道总工会使用");
    expect(await load(b._id)).toMatchObject({ version: 0 });
    expect(
      await thrownResponse(
        setOrgDocumentStyle(admin.user, String(a._id), 0, { shortCode: "代乙", redHead: "" }),
      ),
    ).toMatchObject({ status: 409 });
    expect(await OrgCode.findById("代乙").lean()).toBeNull();

    // Changing the code frees the old one for another organisation; clearing it falls back to the default.
    await setOrgDocumentStyle(admin.user, String(a._id), 1, { shortCode: "代丙", redHead: "" });
    await setOrgDocumentStyle(admin.user, String(b._id), 0, { shortCode: "代甲", redHead: "" });
    expect(await load(b._id)).toMatchObject({ shortCode: "代甲" });
    await setOrgDocumentStyle(admin.user, String(a._id), 2, { shortCode: "", redHead: "" });
    const cleared = await load(a._id);
    expect(cleared.shortCode).toBeUndefined();
    expect((await listOrgTree(admin.user)).find((n) => n.id === String(a._id))?.numberCode).toBe("代字甲");
    expect(await OrgCode.findById("代丙").lean()).toBeNull();
  });

  it("refuses a red head over 30 characters and is admin-only", async () => {
    const org = await createOrg(admin.user, { name: "版头测试街道总工会", kind: "street" });
    const error = await userErrorOf(
      setOrgDocumentStyle(admin.user, String(org._id), 0, { shortCode: "", redHead: "版".repeat(31) }),
    );
    expect(error.fieldErrors).toEqual({ redHead: ["版头最多 30 个字"] });
    const instructor = await signInAs(await makeUser({ role: "instructor", org }));
    expect(
      await thrownResponse(
        setOrgDocumentStyle(instructor.user, String(org._id), 0, { shortCode: "版头", redHead: "" }),
      ),
    ).toEqual({ status: 403, message: "只有平台管理员可以维护工会组织" });
  });
});

describe("the tree's enterprise counts", () => {
  it("the organisation page counts each node's own enterprises from the kept rows; the pickers do not count", async () => {
    const parent = await createOrg(admin.user, { name: "计数测试区总工会", kind: "district" });
    const child = await createOrg(admin.user, {
      name: "计数测试街道总工会",
      kind: "street",
      parentId: String(parent._id),
    });
    for (let i = 0; i < 3; i++) await makeEnterprise(child);
    await makeEnterprise(parent);
    await makeEnterprise(child, { archived: true });
    const counted = await listOrgTree(admin.user, { withCounts: true });
    expect(counted.find((n) => n.id === String(child._id))?.enterpriseCount).toBe(3);
    expect(counted.find((n) => n.id === String(parent._id))?.enterpriseCount).toBe(1);
    const picker = await listOrgTree(admin.user);
    expect(picker.find((n) => n.id === String(child._id))?.enterpriseCount).toBe(0);
  });
});
