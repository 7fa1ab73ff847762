/**
 * Who may do what, against the real database: a role × action × resource matrix through the services
 * (which ask the one policy module), then the same through route loaders and actions called with a real
 * session cookie, then a move in the organisation tree that changes who sees an enterprise.
 *
 *   矩阵市总工会 ─┬─ 甲区总工会 ─┬─ 甲一街道总工会  (E_A1: hr, chair, rep)
 *                 │              └─ 甲二街道总工会  (E_A2)
 *                 └─ 乙区总工会 ─── 乙一街道总工会  (E_B1: hr)
 */
import ExcelJS from "exceljs";
import { Types } from "mongoose";
import { listAccounts, createAccount } from "~/services/accounts/accounts.server";
import { listAudit } from "~/services/audit/audit-log.server";
import {
  createEnterprise,
  getEnterprise,
  listEnterprises,
  loadEnterpriseFor,
  updateEnterprise,
} from "~/services/enterprises/enterprises.server";
import { createOrg, listOrgTree, moveOrg } from "~/services/orgs/orgs.server";
import type { Role } from "~/domain/roles";
import { UserError } from "~/lib/http.server";
import { loader as accountsLoader, action as accountsAction } from "~/routes/accounts";
import { loader as workbenchLoader } from "~/routes/_index";
import { loader as auditLoader } from "~/routes/audit";
import { loader as healthChecksLoader } from "~/routes/enterprises.$id.health-checks";
import { loader as enterprisesExport } from "~/routes/enterprises.export[.]xlsx";
import { loader as importLoader } from "~/routes/enterprises.import_.$batchId";
import { loader as notificationsLoader } from "~/routes/notifications";
import { loader as prescriptionsLoader } from "~/routes/prescriptions._index";
import { loader as prescriptionsExport } from "~/routes/prescriptions.export[.]xlsx";
import { loader as reportsLoader } from "~/routes/reports._index";
import { loader as enterpriseTabLoader } from "~/routes/enterprises.$id.$tab";
import { loader as editLoader, action as editAction } from "~/routes/enterprises.$id.edit";
import { loader as enterpriseLoader } from "~/routes/enterprises.$id";
import { loader as listLoader } from "~/routes/enterprises._index";
import { action as newEnterpriseAction } from "~/routes/enterprises.new";
import { loader as orgsLoader, action as orgsAction } from "~/routes/orgs";
import { Assessment } from "../../models/assessment";
import { ContractDraftVersion, draftVersionId } from "../../models/contract-drafts";
import { DEFAULT_CONTRACT_LIBRARY } from "../../templates/contracts";
import { assembleDraft } from "~/domain/contracts";
import { draftsPage } from "~/services/contracts/drafts-page.server";
import { textHashOf } from "~/services/contracts/drafts.server";
import {
  exportLibraryFile,
  importLibraryText,
  libraryVersions,
  publishLibrary,
} from "~/services/contracts/library.server";
import { openThread } from "~/services/contracts/review.server";
import { Enterprise, type EnterpriseDoc } from "../../models/enterprise";
import { ImportBatch } from "../../models/import-batch";
import { Notification } from "../../models/notification";
import { PrescriptionItem } from "../../models/prescription";
import { RenderedDocument } from "../../models/rendered-document";
import { Report } from "../../models/report";
import { noteChanges } from "~/services/dashboards/rollups.server";
import { ReportBatch } from "../../models/report-batch";
import { BargainingCase } from "../../models/bargaining-case";
import { sendOffer, recordResponse } from "~/services/bargaining/cases.server";
import { addCaucusNote, caucusNotes } from "~/services/bargaining/caucus.server";
import { casePage } from "~/services/bargaining/case-page.server";
import { startCampaign } from "~/services/bargaining/campaigns.server";
import { pipeline } from "~/services/bargaining/pipeline.server";
import { nameRepresentatives } from "~/services/bargaining/representatives.server";
import { setOrgRuleSet } from "~/services/bargaining/rules.server";
import { downloadDocument, renderDocument } from "~/services/documents/documents.server";
import { loader as caseLoader, action as caseAction } from "~/routes/bargaining.cases.$id";
import { loader as pipelineLoader } from "~/routes/bargaining._index";
import { loader as calendarLoader } from "~/routes/bargaining.calendar";
import { congressPage, votePage } from "~/services/votes/congress-page.server";
import {
  callMeeting,
  castBallot,
  checkIn,
  closeVoting,
  enterPaperSlip,
  linkMember,
  openVote,
  saveRoster,
  submitToCongress,
} from "~/services/votes/congress.server";
import { Congress } from "../../models/congress";
import { makeAgreedCase } from "../support/vote-case";
import { UnionOrg, type UnionOrgDoc } from "../../models/union-org";
import { User } from "../../models/user";
import {
  enterpriseForm,
  enterpriseRaw,
  formRequest,
  makeEnterprise,
  makeOrg,
  makeUser,
  nextCreditCode,
  pageRequest,
  routeArgs,
  signInAs,
  thrownResponse,
  rejectionOf,
  thrownStatus,
  type Browser,
  keepEnterprisesWrittenDirectly,
} from "../support/factories";
import { cohortFor } from "~/services/cultivation/board.server";
import { planTemplateVersions } from "~/services/cultivation/plan-templates.server";
import {
  addRecord,
  countersign,
  createPlans,
  planPage,
  setDueDate,
  signAsInstructor,
} from "~/services/cultivation/plans.server";
import { createSurvey, surveyFigures } from "~/services/cultivation/surveys.server";
import { createTraining } from "~/services/cultivation/trainings.server";
import { loader as planLoader, action as planAction } from "~/routes/plans.$id";
import { CultivationPlan } from "../../models/cultivation-plan";
import { dashboardData } from "~/services/dashboards/dashboard.server";
import { loader as dashboardLoader } from "~/routes/dashboard";
import { loader as dashboardExport } from "~/routes/dashboard.export[.]xlsx";

const WHO = ["admin", "instA", "instA1", "instB", "hrA1", "chairA1", "repA1", "hrB1"] as const;
type Who = (typeof WHO)[number];
const ORGS = ["city", "distA", "a1", "a2", "distB", "b1"] as const;
type OrgKey = (typeof ORGS)[number];
const ENTS = ["eA1", "eA2", "eB1"] as const;
type EntKey = (typeof ENTS)[number];

const org = {} as Record<OrgKey, UnionOrgDoc>;
const ent = {} as Record<EntKey, EnterpriseDoc>;
const as = {} as Record<Who, Browser>;
const accountOf = {} as Record<Who, string>;

const MEMBERS = ["hrA1", "chairA1", "repA1", "hrB1"] as const;

/** Enterprises each person may open. */
const VIEW: Record<Who, EntKey[]> = {
  admin: ["eA1", "eA2", "eB1"],
  instA: ["eA1", "eA2"],
  instA1: ["eA1"],
  instB: ["eB1"],
  hrA1: ["eA1"],
  chairA1: ["eA1"],
  repA1: ["eA1"],
  hrB1: ["eB1"],
};
/** Enterprises each person may edit: instructors of the subtree and admins, never the enterprise's own staff. */
const EDIT: Record<Who, EntKey[]> = {
  admin: ["eA1", "eA2", "eB1"],
  instA: ["eA1", "eA2"],
  instA1: ["eA1"],
  instB: ["eB1"],
  hrA1: [],
  chairA1: [],
  repA1: [],
  hrB1: [],
};
/** Organisations each person may register enterprises under. */
const CREATE_IN: Record<Who, OrgKey[]> = {
  admin: [...ORGS],
  instA: ["distA", "a1", "a2"],
  instA1: ["a1"],
  instB: ["distB", "b1"],
  hrA1: [],
  chairA1: [],
  repA1: [],
  hrB1: [],
};
/** The organisation tree each person sees: [node, depth] in display order (siblings by pinyin: 甲二 èr < 甲一 yī). */
const TREE: Record<Who, [OrgKey, number][]> = {
  admin: [
    ["city", 0],
    ["distA", 1],
    ["a2", 2],
    ["a1", 2],
    ["distB", 1],
    ["b1", 2],
  ],
  instA: [
    ["distA", 0],
    ["a2", 1],
    ["a1", 1],
  ],
  instA1: [["a1", 0]],
  instB: [
    ["distB", 0],
    ["b1", 1],
  ],
  hrA1: [],
  chairA1: [],
  repA1: [],
  hrB1: [],
};
/** Accounts each person's account list shows. */
const ACCOUNTS: Record<Who, Who[]> = {
  admin: [...WHO],
  instA: ["instA", "instA1", "hrA1", "chairA1", "repA1"],
  instA1: ["instA1", "hrA1", "chairA1", "repA1"],
  instB: ["instB", "hrB1"],
  hrA1: [],
  chairA1: [],
  repA1: [],
  hrB1: [],
};

const names = (keys: EntKey[]) => keys.map((k) => ent[k].name).sort();
const current = async (k: EntKey) => (await Enterprise.findById(ent[k]._id).lean())!;

beforeAll(async () => {
  org.city = await makeOrg({ name: "矩阵市总工会", kind: "city" });
  org.distA = await makeOrg({ name: "甲区总工会", kind: "district", parent: org.city });
  org.a1 = await makeOrg({ name: "甲一街道总工会", kind: "street", parent: org.distA });
  org.a2 = await makeOrg({ name: "甲二街道总工会", kind: "street", parent: org.distA });
  org.distB = await makeOrg({ name: "乙区总工会", kind: "district", parent: org.city });
  org.b1 = await makeOrg({ name: "乙一街道总工会", kind: "street", parent: org.distB });
  ent.eA1 = await makeEnterprise(org.a1, { name: "甲一精密机械有限公司" });
  ent.eA2 = await makeEnterprise(org.a2, { name: "甲二顺达物流有限公司" });
  ent.eB1 = await makeEnterprise(org.b1, { name: "乙一鲜达餐饮有限公司" });
  const made = {
    admin: await makeUser({ role: "admin", accountName: "m.admin" }),
    instA: await makeUser({ role: "instructor", org: org.distA, accountName: "m.insta" }),
    instA1: await makeUser({ role: "instructor", org: org.a1, accountName: "m.insta1" }),
    instB: await makeUser({ role: "instructor", org: org.distB, accountName: "m.instb" }),
    hrA1: await makeUser({ role: "hr", enterprise: ent.eA1, accountName: "m.hra1" }),
    chairA1: await makeUser({ role: "chair", enterprise: ent.eA1, accountName: "m.chaira1" }),
    repA1: await makeUser({ role: "rep", enterprise: ent.eA1, accountName: "m.repa1" }),
    hrB1: await makeUser({ role: "hr", enterprise: ent.eB1, accountName: "m.hrb1" }),
  };
  for (const who of WHO) {
    accountOf[who] = made[who].accountName;
    as[who] = await signInAs(made[who]);
  }
});

describe("through the services", () => {
  describe("listEnterprises: rows and totals hold exactly what the person may see", () => {
    it.each(["admin", "instA", "instA1", "instB"] as const)("%s", async (who) => {
      const list = await listEnterprises(as[who].user, {});
      expect(list.rows.map((r) => r.name).sort()).toEqual(names(VIEW[who]));
      expect(list.total).toBe(VIEW[who].length);
      expect(list.pageCount).toBe(1);
    });

    it.each(MEMBERS)("%s (enterprise staff open their own enterprise, they get no list)", async (who) => {
      expect(await thrownStatus(listEnterprises(as[who].user, {}))).toBe(403);
    });

    it("a filter naming another subtree's organisation yields nothing, not that subtree", async () => {
      const list = await listEnterprises(as.instA.user, { orgId: String(org.b1._id) });
      expect(list).toMatchObject({ rows: [], total: 0 });
      const search = await listEnterprises(as.instA.user, { q: "有限公司" });
      expect(search.total).toBe(2);
    });

    it("totals and pages count only visible rows when another subtree grows past a page", async () => {
      const extra = [];
      for (let i = 0; i < 21; i++) extra.push(await makeEnterprise(org.b1, { name: `乙一分页企业${i}` }));
      try {
        const b = await listEnterprises(as.instB.user, { page: 2 });
        expect(b).toMatchObject({ total: 22, pageCount: 2, page: 2 });
        expect(b.rows).toHaveLength(2);
        const a = await listEnterprises(as.instA.user, {});
        expect(a).toMatchObject({ total: 2, pageCount: 1 });
        expect(a.rows.map((r) => r.name).sort()).toEqual(names(["eA1", "eA2"]));
      } finally {
        await Enterprise.deleteMany({ _id: { $in: extra.map((e) => e._id) } });
        await keepEnterprisesWrittenDirectly(extra);
      }
    });
  });

  describe("getEnterprise / loadEnterpriseFor on every enterprise", () => {
    const cases = WHO.flatMap((who) => ENTS.map((e) => [who, e] as const));
    it.each(cases)("%s → %s", async (who, e) => {
      const id = String(ent[e]._id);
      if (VIEW[who].includes(e)) {
        const seen = await getEnterprise(as[who].user, id);
        expect(seen).toMatchObject({ id, name: ent[e].name, canEdit: EDIT[who].includes(e) });
        expect((await loadEnterpriseFor(as[who].user, id)).enterprise.name).toBe(ent[e].name);
      } else {
        expect(await thrownStatus(getEnterprise(as[who].user, id))).toBe(403);
        expect(await thrownStatus(loadEnterpriseFor(as[who].user, id))).toBe(403);
      }
    });

    it("shows the organisation trail from the root", async () => {
      const seen = await getEnterprise(as.hrA1.user, String(ent.eA1._id));
      expect(seen.orgTrail).toEqual(["矩阵市总工会", "甲区总工会", "甲一街道总工会"]);
    });

    it("a missing or malformed id is 404 for everyone", async () => {
      expect(await thrownStatus(getEnterprise(as.instA.user, "64b000000000000000000000"))).toBe(404);
      expect(await thrownStatus(getEnterprise(as.hrA1.user, "not-an-id"))).toBe(404);
    });
  });

  describe("updateEnterprise on every enterprise", () => {
    const cases = WHO.flatMap((who) => ENTS.map((e) => [who, e] as const));
    it.each(cases)("%s → %s", async (who, e) => {
      const before = await current(e);
      const change = enterpriseRaw(before, { headcount: before.headcount + 1 });
      const attempt = updateEnterprise(as[who].user, String(before._id), before.version, change);
      if (EDIT[who].includes(e)) {
        const saved = await attempt;
        expect(saved.version).toBe(before.version + 1);
        expect((await current(e)).headcount).toBe(before.headcount + 1);
      } else {
        expect(await thrownStatus(attempt)).toBe(403);
        const after = await current(e);
        expect(after.version).toBe(before.version);
        expect(after.headcount).toBe(before.headcount);
      }
    });

    it("changing the credit code to one already registered is a clear form error, not a crash", async () => {
      const before = await current("eA2");
      const taken = enterpriseRaw(before, { creditCode: ent.eB1.creditCode });
      const error = await updateEnterprise(as.admin.user, String(before._id), before.version, taken).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toMatch(/^统一社会信用代码(“.+”)?已存在，不能重复添加$/);
      expect(await current("eA2")).toEqual(before);
      // The failed write released its claim: the same version can still be saved.
      const ok = await updateEnterprise(
        as.admin.user,
        String(before._id),
        before.version,
        enterpriseRaw(before),
      );
      expect(ok.version).toBe(before.version + 1);
    });

    it("an instructor cannot move their enterprise into another subtree", async () => {
      const before = await current("eA1");
      const moved = enterpriseRaw(before, { unionOrgId: String(org.b1._id) });
      expect(
        await thrownStatus(updateEnterprise(as.instA.user, String(before._id), before.version, moved)),
      ).toBe(403);
      expect(String((await current("eA1")).unionOrgId)).toBe(String(org.a1._id));
    });
  });

  describe("createEnterprise into every organisation", () => {
    const cases = WHO.flatMap((who) => ORGS.map((o) => [who, o] as const));
    it.each(cases)("%s → %s", async (who, o) => {
      const creditCode = nextCreditCode();
      const raw = {
        name: `新登记企业${creditCode.slice(-6)}有限公司`,
        creditCode,
        industry: "F",
        headcount: 30,
        unionOrgId: String(org[o]._id),
        congressEstablished: false,
        openAffairs: false,
        usesDispatch: false,
        contractStatus: "none",
      };
      if (CREATE_IN[who].includes(o)) {
        const created = await createEnterprise(as[who].user, raw);
        expect(String(created.unionOrgId)).toBe(String(org[o]._id));
        await Enterprise.deleteOne({ _id: created._id });
        await keepEnterprisesWrittenDirectly([created]);
      } else {
        expect(await thrownStatus(createEnterprise(as[who].user, raw))).toBe(403);
        expect(await Enterprise.countDocuments({ creditCode })).toBe(0);
      }
    });
  });

  describe("listOrgTree", () => {
    it.each(WHO)("%s", async (who) => {
      const tree = await listOrgTree(as[who].user);
      expect(tree.map((n) => [n.name, n.depth])).toEqual(TREE[who].map(([o, depth]) => [org[o].name, depth]));
    });
  });

  describe("createOrg", () => {
    it("admin may", async () => {
      const created = await createOrg(as.admin.user, {
        name: "矩阵测试新建工会",
        kind: "park",
        parentId: String(org.distA._id),
      });
      try {
        const stored = await UnionOrg.findById(created._id).lean();
        expect(stored).toMatchObject({ name: "矩阵测试新建工会", kind: "park", archived: false });
        expect(stored!.ancestors.map(String)).toEqual([String(org.city._id), String(org.distA._id)]);
        // It shows in the tree under its parent, for the admin and for the parent's instructor.
        const tree = await listOrgTree(as.admin.user);
        expect(tree.find((n) => n.name === "矩阵测试新建工会")).toMatchObject({
          parentId: String(org.distA._id),
          depth: 2,
        });
        expect((await listOrgTree(as.instA.user)).map((n) => n.name)).toContain("矩阵测试新建工会");
        expect((await listOrgTree(as.instB.user)).map((n) => n.name)).not.toContain("矩阵测试新建工会");
      } finally {
        await UnionOrg.deleteOne({ _id: created._id });
      }
    });

    it.each(WHO.filter((w) => w !== "admin"))("%s may not", async (who) => {
      const name = `越权新建工会${who}`;
      expect(
        await thrownResponse(createOrg(as[who].user, { name, kind: "street", parentId: String(org.a1._id) })),
      ).toEqual({ status: 403, message: "只有平台管理员可以维护工会组织" });
      expect(await UnionOrg.countDocuments({ name })).toBe(0);
    });
  });

  describe("listAccounts", () => {
    it.each(WHO)("%s", async (who) => {
      const list = await listAccounts(as[who].user);
      expect(list.rows.map((r) => r.accountName).sort()).toEqual(
        ACCOUNTS[who].map((w) => accountOf[w]).sort(),
      );
      expect(list.total).toBe(ACCOUNTS[who].length);
    });
  });

  describe("createAccount", () => {
    type Target = { role: Role; ent?: EntKey; org?: OrgKey };
    const cases: [Who, Target, boolean][] = [
      ["admin", { role: "hr", ent: "eB1" }, true],
      ["admin", { role: "instructor", org: "a1" }, true],
      ["admin", { role: "admin" }, true],
      ["instA", { role: "hr", ent: "eA1" }, true],
      ["instA", { role: "chair", ent: "eA2" }, true],
      ["instA", { role: "rep", ent: "eB1" }, false],
      ["instA", { role: "instructor", org: "a1" }, false],
      ["instA", { role: "admin" }, false],
      ["instA1", { role: "rep", ent: "eA1" }, true],
      ["instA1", { role: "hr", ent: "eA2" }, false],
      ["instB", { role: "hr", ent: "eB1" }, true],
      ["instB", { role: "hr", ent: "eA1" }, false],
      ["instB", { role: "instructor", org: "b1" }, false],
      ["hrA1", { role: "rep", ent: "eA1" }, false],
      ["chairA1", { role: "rep", ent: "eA1" }, false],
      ["repA1", { role: "rep", ent: "eA1" }, false],
      ["hrB1", { role: "hr", ent: "eB1" }, false],
    ];
    let n = 0;
    it.each(cases)("%s creates %o → allowed: %s", async (who, target, allowed) => {
      const accountName = `new.account${++n}`;
      const attempt = createAccount(as[who].user, {
        accountName,
        displayName: "新开账号",
        grant: {
          role: target.role,
          enterpriseId: target.ent ? String(ent[target.ent]._id) : undefined,
          unionOrgId: target.org ? String(org[target.org]._id) : undefined,
        },
      });
      if (allowed) {
        const { activationPath } = await attempt;
        expect(activationPath).toMatch(/^\/activate\/[\w-]{40,}$/);
        const stored = await User.findOne({ accountName }).lean();
        expect(stored?.status).toBe("pending");
        expect(stored?.roles.map((g) => g.role)).toEqual([target.role]);
      } else {
        expect(await thrownStatus(attempt)).toBe(403);
        expect(await User.countDocuments({ accountName })).toBe(0);
      }
    });
  });

  describe("listAudit", () => {
    /** Every entry of the action the person sees, page after page (each page starts where the last ended). */
    async function allEntries(who: Who, action: string) {
      const entries = [];
      let before: number | null = null;
      for (let page = 1; ; page++) {
        const result = await listAudit(as[who].user, { page, action, before });
        expect(result.page).toBe(page);
        entries.push(...result.entries);
        if (result.next === null) return entries;
        before = result.next;
      }
    }
    async function updatedResources(who: Who) {
      return [...new Set((await allEntries(who, "enterprise.update")).map((e) => e.resource))].sort();
    }

    it.each(["admin", "instA", "instA1", "instB"] as const)(
      "%s sees the entries of their subtree only",
      async (who) => {
        // The update matrix above left enterprise.update entries on all three enterprises.
        expect(await updatedResources(who)).toEqual(names(EDIT[who]));
      },
    );

    it.each(MEMBERS)("%s may not browse the audit trail", async (who) => {
      expect(await thrownStatus(listAudit(as[who].user, {}))).toBe(403);
    });

    it("account creation entries follow the enterprise's organisation", async () => {
      const a = await allEntries("instA", "account.create");
      const b = await allEntries("instB", "account.create");
      // instA created accounts for E_A1 and E_A2, instA1 one for E_A1; admin one for E_B1 and an instructor at A1.
      expect(a).toHaveLength(4);
      expect(b).toHaveLength(2);
    });
  });
});

describe("through route loaders and actions with a real session cookie", () => {
  it("direct URL to another subtree's enterprise: 403 from the page and from each tab", async () => {
    expect(
      await thrownStatus(
        enterpriseLoader(
          routeArgs(pageRequest(as.instA1, `/enterprises/${ent.eA2._id}`), { id: String(ent.eA2._id) }),
        ),
      ),
    ).toBe(403);
    expect(
      await thrownStatus(
        enterpriseLoader(
          routeArgs(pageRequest(as.hrA1, `/enterprises/${ent.eB1._id}`), { id: String(ent.eB1._id) }),
        ),
      ),
    ).toBe(403);
    expect(
      await thrownStatus(
        enterpriseTabLoader(
          routeArgs(pageRequest(as.hrB1, `/enterprises/${ent.eA1._id}/health-checks`), {
            id: String(ent.eA1._id),
            tab: "health-checks",
          }),
        ),
      ),
    ).toBe(403);
    const own = await enterpriseLoader(
      routeArgs(pageRequest(as.hrA1, `/enterprises/${ent.eA1._id}`), { id: String(ent.eA1._id) }),
    );
    expect(own.enterprise).toMatchObject({ name: ent.eA1.name, canEdit: false });
  });

  it("without a session the page redirects to sign-in and comes back", async () => {
    const error = await enterpriseLoader(
      routeArgs(pageRequest(null, `/enterprises/${ent.eA1._id}`), { id: String(ent.eA1._id) }),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Response);
    expect((error as Response).status).toBe(302);
    expect((error as Response).headers.get("Location")).toBe(
      `/login?redirectTo=${encodeURIComponent(`/enterprises/${ent.eA1._id}`)}`,
    );
  });

  it("the edit page refuses enterprise staff and other subtrees", async () => {
    const id = String(ent.eA1._id);
    expect(
      await thrownStatus(editLoader(routeArgs(pageRequest(as.hrA1, `/enterprises/${id}/edit`), { id }))),
    ).toBe(403);
    expect(
      await thrownStatus(editLoader(routeArgs(pageRequest(as.instB, `/enterprises/${id}/edit`), { id }))),
    ).toBe(403);
  });

  it("a form post editing another subtree's enterprise: 403 and nothing changed", async () => {
    const before = await current("eA1");
    const id = String(before._id);
    const fields = { ...enterpriseForm(before, { name: "被篡改的名称" }), version: String(before.version) };
    for (const who of ["instB", "hrB1", "hrA1"] as const) {
      const request = formRequest(as[who], `/enterprises/${id}/edit`, fields);
      expect(await thrownStatus(editAction(routeArgs(request, { id })))).toBe(403);
    }
    const after = await current("eA1");
    expect(after.name).toBe(before.name);
    expect(after.version).toBe(before.version);
  });

  it("a form post without the session's CSRF token is refused even for a permitted editor", async () => {
    const before = await current("eA1");
    const id = String(before._id);
    const fields = { ...enterpriseForm(before, { address: "无令牌提交" }), version: String(before.version) };
    expect(await thrownStatus(editAction(routeArgs(formRequest(as.instA, "/x", fields, null), { id })))).toBe(
      403,
    );
    // Another person's token is not this session's token.
    expect(
      await thrownStatus(editAction(routeArgs(formRequest(as.instA, "/x", fields, as.instB.csrf), { id }))),
    ).toBe(403);
    expect((await current("eA1")).version).toBe(before.version);

    const response = await editAction(
      routeArgs(formRequest(as.instA, `/enterprises/${id}/edit`, fields), { id }),
    );
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(302);
    expect((response as Response).headers.get("Location")).toBe(`/enterprises/${id}`);
    expect(await current("eA1")).toMatchObject({ address: "无令牌提交", version: before.version + 1 });
  });

  it("registering an enterprise under another subtree's organisation by form post: 403, nothing written", async () => {
    const creditCode = nextCreditCode();
    const fields = enterpriseForm({
      name: "越权登记企业有限公司",
      creditCode,
      industry: "C",
      headcount: 50,
      unionOrgId: org.b1._id,
    });
    expect(
      await thrownStatus(newEnterpriseAction(routeArgs(formRequest(as.instA1, "/enterprises/new", fields)))),
    ).toBe(403);
    expect(await Enterprise.countDocuments({ creditCode })).toBe(0);
  });

  it("the enterprise list: staff get 403, instructors their subtree only", async () => {
    expect(await thrownStatus(listLoader(routeArgs(pageRequest(as.repA1, "/enterprises"))))).toBe(403);
    const list = await listLoader(routeArgs(pageRequest(as.instA1, "/enterprises")));
    expect(list.rows.map((r) => r.name)).toEqual([ent.eA1.name]);
    expect(list.total).toBe(1);
    const filtered = await listLoader(routeArgs(pageRequest(as.instA1, `/enterprises?org=${org.b1._id}`)));
    expect(filtered.total).toBe(0);
  });

  it("accounts: staff get 403; an instructor posting an account for another subtree gets 403", async () => {
    expect(await thrownStatus(accountsLoader(routeArgs(pageRequest(as.hrA1, "/accounts"))))).toBe(403);
    const fields = {
      intent: "create",
      accountName: "sneaky.hr",
      displayName: "越权账号",
      role: "hr",
      enterpriseId: String(ent.eB1._id),
    };
    expect(await thrownStatus(accountsAction(routeArgs(formRequest(as.instA, "/accounts", fields))))).toBe(
      403,
    );
    expect(
      await thrownStatus(
        accountsAction(routeArgs(formRequest(as.instA, "/accounts", { ...fields, role: "admin" }))),
      ),
    ).toBe(403);
    expect(await User.countDocuments({ accountName: "sneaky.hr" })).toBe(0);
  });

  it("organisations: only the admin opens the page or posts to it", async () => {
    expect(await thrownStatus(orgsLoader(routeArgs(pageRequest(as.instA, "/orgs"))))).toBe(403);
    const fields = { intent: "create", name: "指导员私建工会", kind: "street", parentId: String(org.a1._id) };
    expect(await thrownStatus(orgsAction(routeArgs(formRequest(as.instA, "/orgs", fields))))).toBe(403);
    expect(await UnionOrg.countDocuments({ name: "指导员私建工会" })).toBe(0);
    const tree = await orgsLoader(routeArgs(pageRequest(as.admin, "/orgs")));
    expect(tree.tree.map((n) => n.name)).toContain("甲一街道总工会");
  });

  it("the audit trail: staff get 403", async () => {
    expect(await thrownStatus(auditLoader(routeArgs(pageRequest(as.chairA1, "/audit"))))).toBe(403);
  });
});

describe("list and export contents: every role, every list, with and without each URL filter", () => {
  /** Enterprises whose prescription items and accepted checks (reports) each person's lists hold. */
  const PRESCRIBED: Record<Who, EntKey[]> = {
    admin: ["eA1", "eA2", "eB1"],
    instA: ["eA1", "eA2"],
    instA1: ["eA1"],
    instB: ["eB1"],
    hrA1: ["eA1"],
    chairA1: ["eA1"],
    repA1: [],
    hrB1: ["eB1"],
  };
  const STAFF: Who[] = ["admin", "instA", "instA1", "instB"];
  const isStaffMember = (who: Who) => STAFF.includes(who);
  /** Two items per enterprise: n=1 open and overdue, high, dimension D1; n=2 closed, low, dimension D2. */
  const itemTitle = (e: EntKey, n: 1 | 2) => `${e}·整改事项${n}`;
  const notificationTitle = (who: Who, read: boolean) => `${who}·${read ? "已读" : "未读"}通知`;
  const acceptedIds = {} as Record<EntKey, string>;
  const openIds = {} as Record<EntKey, string>;
  const batchIds = {} as Record<Who, string>;

  beforeAll(async () => {
    // Distinct facts per enterprise, so each enterprise filter picks a known set.
    const facts: Record<EntKey, Record<string, unknown>> = {
      eA1: { industry: "C", headcount: 30, contractStatus: "in_effect", unionEstablishedOn: "2015-01-01" },
      eA2: { industry: "G", headcount: 150, contractStatus: "none", unionEstablishedOn: null },
      eB1: { industry: "H", headcount: 150, contractStatus: "bargaining", unionEstablishedOn: "2019-05-01" },
    };
    for (const k of ENTS) {
      await Enterprise.updateOne({ _id: ent[k]._id }, { $set: facts[k], $inc: { version: 1 } });
      await keepEnterprisesWrittenDirectly([ent[k]]);
      const e = (await current(k))!;
      const base = { enterpriseId: e._id, unionOrgId: e.unionOrgId };
      const accepted = await Assessment.create({
        ...base,
        templateId: new Types.ObjectId(),
        templateKey: "matrix",
        templateVersion: 1,
        status: "accepted",
        dueOn: "2026-01-31",
        overall: 80,
        riskLevel: "low",
        acceptedAt: new Date("2026-02-01T02:00:00Z"),
      });
      acceptedIds[k] = String(accepted._id);
      const open = await Assessment.create({
        ...base,
        templateId: new Types.ObjectId(),
        templateKey: "matrix",
        templateVersion: 1,
        status: "in_progress",
        dueOn: "2099-01-31",
      });
      openIds[k] = String(open._id);
      // The report (numbered: 已出具) of the accepted check, told to the dashboards as the services would.
      await Report.create({
        ...base,
        _id: accepted._id,
        assessmentId: accepted._id,
        reportNo: `矩阵工体〔2026〕${k}号`,
        analysis: "",
        createdBy: new Types.ObjectId(),
        createdByName: "测试指导员",
        version: 1,
      });
      await noteChanges("check", [accepted._id, open._id]);
      await RenderedDocument.create({
        ...base,
        kind: "report",
        sourceId: accepted._id,
        version: 1,
        status: "done",
        fileName: `${k}.docx`,
        requestedBy: new Types.ObjectId(),
      });
      const prescriptionId = new Types.ObjectId();
      for (const n of [1, 2] as const) {
        await PrescriptionItem.create({
          ...base,
          prescriptionId,
          assessmentId: accepted._id,
          prescriptionNo: `法处〔2026〕${k}号`,
          no: n,
          dimensionId: n === 1 ? "D1" : "D2",
          severity: n === 1 ? "H" : "L",
          title: itemTitle(k, n),
          action: "按要求整改",
          owner: "人力资源部",
          dueOn: n === 1 ? "2020-01-01" : "2099-12-31",
          priority: "high",
          status: n === 1 ? "issued" : "closed",
          instructorId: new Types.ObjectId(),
          issuedOn: "2019-12-01",
        });
      }
    }
    for (const who of WHO) {
      for (const read of [false, true]) {
        await Notification.create({
          userId: new Types.ObjectId(as[who].user.id),
          kind: "prescription.issued",
          title: notificationTitle(who, read),
          dedupeKey: `matrix:${who}:${read}`,
          readAt: read ? new Date() : null,
          createdAt: new Date(),
        });
      }
      const batch = await ReportBatch.create({
        lockKey: `matrix:${who}`,
        createdBy: new Types.ObjectId(as[who].user.id),
        createdByName: who,
        enterpriseCount: 1,
        status: "done",
      });
      batchIds[who] = String(batch._id);
    }
  });

  /** The values of the first sheet's column headed `header`, sorted. */
  async function xlsxColumn(response: Response, header: string): Promise<string[]> {
    expect(response.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const values: string[] = [];
    const headers: string[] = [];
    book.worksheets[0].getRow(1).eachCell((cell, n) => (headers[n] = String(cell.value ?? "")));
    const column = headers.indexOf(header);
    expect(column).toBeGreaterThan(0);
    book.worksheets[0].eachRow((row, n) => {
      if (n > 1) values.push(String(row.getCell(column).value ?? ""));
    });
    return values.sort();
  }

  describe("prescription items: /prescriptions and /prescriptions/export.xlsx", () => {
    type Match = (e: EntKey, n: 1 | 2) => boolean;
    const filters = (): [string, Match][] => [
      ["", () => true],
      ["status=closed", (_e, n) => n === 2],
      ["status=issued", (_e, n) => n === 1],
      ["severity=H", (_e, n) => n === 1],
      ["due=overdue", (_e, n) => n === 1],
      ["due=open", (_e, n) => n === 1],
      ["due=due_soon", () => false],
      ["dimension=D2", (_e, n) => n === 2],
      [`enterprise=${ent.eA1._id}`, (e) => e === "eA1"],
      [`enterprise=${ent.eA2._id}`, (e) => e === "eA2"],
      [`enterprise=${ent.eB1._id}`, (e) => e === "eB1"],
      [`enterprise=${ent.eB1._id}&status=issued`, (e, n) => e === "eB1" && n === 1],
      ["enterprise=not-an-id", () => true],
      ["status=__proto__&severity=constructor", () => true],
      ["page=2", () => true],
      ["page=Infinity", () => true],
      ["page=1e308", () => true],
      // The dashboard's links: an organisation and everything below it; only ever narrowing the scope.
      [`org=${org.a1._id}`, (e) => e === "eA1"],
      [`org=${org.distA._id}&due=overdue`, (e, n) => e !== "eB1" && n === 1],
      [`org=${org.city._id}`, () => true],
      ["org=not-an-id", () => true],
    ];
    const expected = (who: Who, match: Match) =>
      PRESCRIBED[who]
        .flatMap((e) => ([1, 2] as const).filter((n) => match(e, n)).map((n) => itemTitle(e, n)))
        .sort();
    const cases = WHO.flatMap((who) => Array.from({ length: 21 }, (_, i) => [who, i] as const));

    it.each(cases)("%s, filter #%s: the page's rows", async (who, i) => {
      const [query, match] = filters()[i];
      const page = await prescriptionsLoader(routeArgs(pageRequest(as[who], `/prescriptions?${query}`)));
      expect(page.rows.map((r) => r.title).sort()).toEqual(expected(who, match));
      expect(page.total).toBe(expected(who, match).length);
      // The enterprise picker offers only enterprises of the person's own items.
      expect(page.enterpriseOptions.map((o) => o.name).sort()).toEqual(names(PRESCRIBED[who]));
      expect(page.instructs).toBe(isStaffMember(who));
    });

    it.each(cases)("%s, filter #%s: the export's rows", async (who, i) => {
      const [query, match] = filters()[i];
      const response = await prescriptionsExport(
        routeArgs(pageRequest(as[who], `/prescriptions/export.xlsx?${query}`)),
      );
      expect(await xlsxColumn(response, "存在的问题")).toEqual(expected(who, match));
    });

    it.each(WHO)("%s: the headline figures count only the person's own scope", async (who) => {
      const page = await prescriptionsLoader(routeArgs(pageRequest(as[who], "/prescriptions")));
      const total = page.figures.find((f) => f.orgId === null);
      const n = PRESCRIBED[who].length;
      if (n === 0) {
        expect(page.figures).toEqual([]);
        return;
      }
      expect(total).toMatchObject({
        enterprisesChecked: n,
        reportsIssued: n,
        itemsIssued: 2 * n,
        itemsClosed: n,
        itemsOverdue: n,
      });
    });

    it.each(WHO.flatMap((who) => ENTS.map((e) => [who, e] as const)))(
      "%s → the prescriptions tab of %s",
      async (who, e) => {
        const id = String(ent[e]._id);
        for (const query of ["", "?page=Infinity", "?page=-1"]) {
          const attempt = enterpriseTabLoader(
            routeArgs(pageRequest(as[who], `/enterprises/${id}/prescriptions${query}`), {
              id,
              tab: "prescriptions",
            }),
          );
          // Representatives open the enterprise but not its prescription items: the tab is refused, not empty.
          if (!VIEW[who].includes(e) || who.startsWith("rep")) {
            expect(await thrownStatus(attempt)).toBe(403);
            continue;
          }
          const tab = await attempt;
          expect(tab.items.map((r) => r.title).sort()).toEqual(
            PRESCRIBED[who].includes(e) ? [itemTitle(e, 1), itemTitle(e, 2)] : [],
          );
        }
      },
    );
  });

  describe("enterprises: /enterprises and /enterprises/export.xlsx", () => {
    const filters = (): [string, EntKey[]][] => [
      ["", [...ENTS]],
      ["q=甲一", ["eA1"]],
      ["q=有限公司", [...ENTS]],
      [`org=${org.city._id}`, [...ENTS]],
      [`org=${org.distA._id}`, ["eA1", "eA2"]],
      [`org=${org.a1._id}`, ["eA1"]],
      [`org=${org.a2._id}`, ["eA2"]],
      [`org=${org.b1._id}`, ["eB1"]],
      ["org=not-an-id", [...ENTS]],
      ["industry=G", ["eA2"]],
      ["industry=Z", [...ENTS]],
      ["size=25_99", ["eA1"]],
      ["size=100_299", ["eA2", "eB1"]],
      ["contract=bargaining", ["eB1"]],
      ["contract=in_effect", ["eA1"]],
      ["union=no", ["eA2"]],
      ["union=yes", ["eA1", "eB1"]],
      [`org=${org.distA._id}&union=yes`, ["eA1"]],
      ["page=2", [...ENTS]],
      ["page=Infinity", [...ENTS]],
      ["page=1e308", [...ENTS]],
      ["q=__proto__", []],
    ];
    const expected = (who: Who, match: EntKey[]) => names(VIEW[who].filter((e) => match.includes(e)));
    const cases = WHO.flatMap((who) => Array.from({ length: 22 }, (_, i) => [who, i] as const));

    it.each(cases)("%s, filter #%s: the list and the export", async (who, i) => {
      const [query, match] = filters()[i];
      const list = () => listLoader(routeArgs(pageRequest(as[who], `/enterprises?${query}`)));
      const file = () =>
        enterprisesExport(routeArgs(pageRequest(as[who], `/enterprises/export.xlsx?${query}`)));
      if (!isStaffMember(who)) {
        expect(await thrownStatus(list())).toBe(403);
        expect(await thrownStatus(file())).toBe(403);
        return;
      }
      const page = await list();
      expect(page.rows.map((r) => r.name).sort()).toEqual(expected(who, match));
      expect(page.total).toBe(expected(who, match).length);
      expect(await xlsxColumn(await file(), "企业名称*")).toEqual(expected(who, match));
    });

    it.each(WHO)("%s: the workbench counts only the person's enterprises", async (who) => {
      const home = await workbenchLoader(routeArgs(pageRequest(as[who], "/")));
      const seen = VIEW[who];
      expect(home.figures).toEqual({
        total: seen.length,
        withUnion: seen.filter((e) => e !== "eA2").length,
        inEffect: seen.filter((e) => e === "eA1").length,
        bargaining: seen.filter((e) => e === "eB1").length,
      });
      expect(home.showFigures).toBe(isStaffMember(who));
      expect(home.ownEnterprises.map((e) => e.name)).toEqual(isStaffMember(who) ? [] : names(VIEW[who]));
    });
  });

  describe("reports, health checks, accounts, audit, notifications, batches", () => {
    it.each(WHO)(
      "%s: /reports lists the accepted checks of the person's enterprises and own batches",
      async (who) => {
        const attempt = reportsLoader(routeArgs(pageRequest(as[who], "/reports?batch=__proto__")));
        if (!isStaffMember(who)) {
          expect(await thrownStatus(attempt)).toBe(403);
          return;
        }
        const page = await attempt;
        expect(page.checks.map((c) => c.enterpriseName).sort()).toEqual(names(PRESCRIBED[who]));
        expect(page.checks.map((c) => c.assessmentId).sort()).toEqual(
          PRESCRIBED[who].map((e) => acceptedIds[e]).sort(),
        );
        expect(page.batches.map((b) => b.id)).toEqual([batchIds[who]]);
        expect(page.batch).toBeNull();
      },
    );

    it.each(WHO.flatMap((who) => ENTS.map((e) => [who, e] as const)))(
      "%s → the health checks of %s",
      async (who, e) => {
        const id = String(ent[e]._id);
        const attempt = healthChecksLoader(
          routeArgs(pageRequest(as[who], `/enterprises/${id}/health-checks`), { id }),
        );
        if (!PRESCRIBED[who].includes(e)) {
          expect(await thrownStatus(attempt)).toBe(403);
          return;
        }
        const list = await attempt;
        expect(list.rows.map((r) => r.id).sort()).toEqual([acceptedIds[e], openIds[e]].sort());
      },
    );

    it.each(WHO)(
      "%s: /accounts lists the person's accounts and offers their enterprises and nodes",
      async (who) => {
        for (const query of ["", "?page=Infinity", "?page=1e308", "?page=-2"]) {
          const attempt = accountsLoader(routeArgs(pageRequest(as[who], `/accounts${query}`)));
          if (!isStaffMember(who)) {
            expect(await thrownStatus(attempt)).toBe(403);
            continue;
          }
          const page = await attempt;
          expect(page.accounts.rows.map((r) => r.accountName).sort()).toEqual(
            expect.arrayContaining(ACCOUNTS[who].map((w) => accountOf[w]).sort()),
          );
          // Accounts created by the createAccount matrix above belong to the same subtrees; none of another's.
          const others = WHO.filter((w) => !ACCOUNTS[who].includes(w)).map((w) => accountOf[w]);
          expect(page.accounts.rows.filter((r) => others.includes(r.accountName))).toEqual([]);
          expect(page.enterprises.map((e) => e.name).sort()).toEqual(names(VIEW[who]));
          expect(page.orgs.map((o) => o.name)).toEqual(TREE[who].map(([o]) => org[o].name));
          expect(page.grantable).toEqual(
            who === "admin" ? ["admin", "instructor", "hr", "chair", "rep"] : ["hr", "chair", "rep"],
          );
        }
      },
    );

    it.each(WHO)("%s: /audit shows the person's subtree with and without the action filter", async (who) => {
      for (const query of [
        "",
        "?action=enterprise.update",
        "?action=__proto__",
        "?page=Infinity",
        "?page=1e308",
      ]) {
        const attempt = auditLoader(routeArgs(pageRequest(as[who], `/audit${query}`)));
        if (!isStaffMember(who)) {
          expect(await thrownStatus(attempt)).toBe(403);
          continue;
        }
        const page = await attempt;
        // No position given: the newest entries, page 1 whatever the page number says.
        expect(page.page).toBe(1);
        if (query === "?action=enterprise.update") {
          expect([...new Set(page.entries.map((e) => e.resource))].sort()).toEqual(names(EDIT[who]));
        }
      }
    });

    it.each(WHO)("%s: an Excel import batch is seen by its uploader (instA) and admins only", async (who) => {
      const batch = await ImportBatch.create({
        uploadedBy: new Types.ObjectId(as.instA.user.id),
        fileName: `matrix-${who}.xlsx`,
      });
      const attempt = importLoader(
        routeArgs(pageRequest(as[who], `/enterprises/import/${batch._id}`), { batchId: String(batch._id) }),
      );
      if (who === "admin" || who === "instA") {
        expect((await attempt).batch).toMatchObject({
          id: String(batch._id),
          fileName: `matrix-${who}.xlsx`,
        });
      } else {
        expect(await thrownStatus(attempt)).toBe(403);
      }
    });

    it.each(WHO)("%s: /notifications holds the person's own, unread or all", async (who) => {
      const all = await notificationsLoader(routeArgs(pageRequest(as[who], "/notifications")));
      expect(all.items.map((n) => n.title).sort()).toEqual(
        [notificationTitle(who, false), notificationTitle(who, true)].sort(),
      );
      const unread = await notificationsLoader(
        routeArgs(pageRequest(as[who], "/notifications?unread=1&page=Infinity")),
      );
      expect(unread.items.map((n) => n.title)).toEqual([notificationTitle(who, false)]);
    });
  });
});

describe("collective bargaining: cases, sides, caucus notes, pipeline, campaigns, rules", () => {
  let caseId = "";
  let offerRenderId = "";
  /** Who opens E_A1's case: its chair and HR, instructors of its subtree, admins; the rep once named. */
  const VIEW_CASE: Record<Who, boolean> = {
    admin: true,
    instA: true,
    instA1: true,
    instB: false,
    hrA1: true,
    chairA1: true,
    repA1: false,
    hrB1: false,
  };
  /** The sides each person acts for: the chair the employee side, HR the employer side, admins both. */
  const SIDES: Record<Who, string[]> = {
    admin: ["employee", "employer"],
    instA: [],
    instA1: [],
    instB: [],
    hrA1: ["employer"],
    chairA1: ["employee"],
    repA1: [],
    hrB1: [],
  };

  beforeAll(async () => {
    const saved = await sendOffer(as.chairA1.user, String(ent.eA1._id), {
      side: "employee",
      kind: "comprehensive",
      topicKeys: ["remuneration", "working_hours"],
      findingItemIds: [],
      customTopics: "",
      note: "",
      sentOn: "2026-03-02",
    });
    caseId = String(saved._id);
    offerRenderId = String(saved.offerRenderId);
    await renderDocument(offerRenderId);
  });

  it.each(WHO)("bargaining:view and the sides of %s", async (who) => {
    if (!VIEW_CASE[who]) {
      expect(await thrownStatus(casePage(as[who].user, caseId))).toBe(403);
      expect(
        await thrownStatus(
          caseLoader(routeArgs(pageRequest(as[who], `/bargaining/cases/${caseId}`), { id: caseId })),
        ),
      ).toBe(403);
      expect(await thrownStatus(downloadDocument(as[who].user, offerRenderId))).toBe(403);
      return;
    }
    const page = await casePage(as[who].user, caseId);
    expect(page.mySides.map((s) => s.side)).toEqual(SIDES[who]);
    expect((await downloadDocument(as[who].user, offerRenderId)).fileName).toContain("要约书");
  });

  it("bargaining:employee_side / employer_side: only the side's lead acts for it (form posts too)", async () => {
    const v = (await BargainingCase.findById(caseId).lean())!.version;
    const respond = { side: "employer" as const, decision: "agree" as const, reason: "", otherTopics: "" };
    for (const who of ["chairA1", "instA", "instA1", "repA1", "hrB1"] as const)
      expect(await thrownStatus(recordResponse(as[who].user, caseId, v, respond))).toBe(403);
    const post = (who: Who) =>
      caseAction(
        routeArgs(
          formRequest(as[who], `/bargaining/cases/${caseId}`, {
            intent: "respond",
            side: "employer",
            version: String(v),
            decision: "agree",
          }),
          { id: caseId },
        ),
      );
    expect(await thrownStatus(post("instB"))).toBe(403);
    expect(await thrownStatus(post("chairA1"))).toBe(403);
    expect((await BargainingCase.findById(caseId).lean())!.status).toBe("offer_sent");
    await recordResponse(as.hrA1.user, caseId, v, respond);
    const w = (await BargainingCase.findById(caseId).lean())!.version;
    // The rep is named on the employee list with their account: now they open the case.
    await nameRepresentatives(as.chairA1.user, caseId, w, {
      side: "employee",
      members: [
        { name: "甲一主席", title: "", userId: "", chief: true, outsider: false },
        { name: "甲一代表", title: "", userId: String(as.repA1.user.id), chief: false, outsider: false },
        { name: "甲一职工", title: "", userId: "", chief: false, outsider: false },
      ],
      chiefHoldsOffice: true,
      writtenDelegation: false,
      delegation: "",
    });
    expect((await casePage(as.repA1.user, caseId)).mySides).toEqual([]);
  });

  it("caucus:use: each side only its own notes — not the other side, not instructors, not admins", async () => {
    await addCaucusNote(as.chairA1.user, caseId, { side: "employee", text: "职工方底线", topicKey: "" });
    await addCaucusNote(as.hrA1.user, caseId, { side: "employer", text: "企业方底线", topicKey: "" });
    const doc = (await BargainingCase.findById(caseId).lean())!;
    const may: Record<Who, string[]> = {
      admin: [],
      instA: [],
      instA1: [],
      instB: [],
      hrA1: ["employer"],
      chairA1: ["employee"],
      repA1: ["employee"],
      hrB1: [],
    };
    for (const who of WHO) {
      for (const side of ["employee", "employer"] as const) {
        if (may[who].includes(side)) expect(await caucusNotes(as[who].user, doc, side)).toHaveLength(1);
        else expect(await thrownStatus(caucusNotes(as[who].user, doc, side))).toBe(403);
      }
      if (VIEW_CASE[who] || who === "repA1") {
        const page = await casePage(as[who].user, caseId);
        expect(page.caucus.map((c) => c.side)).toEqual(may[who]);
        const text = JSON.stringify(page);
        if (!may[who].includes("employee")) expect(text).not.toContain("职工方底线");
        if (!may[who].includes("employer")) expect(text).not.toContain("企业方底线");
      }
    }
  });

  it("draft_review: the employee side (chair, listed rep) reads and writes clause comments; nobody else", async () => {
    // 第1稿 written straight in: the matrix case is not in the rounds; the review needs only a version.
    const draft = assembleDraft({
      kind: "comprehensive",
      library: DEFAULT_CONTRACT_LIBRARY,
      parties: { employerName: "甲一", unionName: "甲一工会" },
      agreed: [{ topic: "remuneration", clauses: [] }],
    });
    if (!draft.ok) throw new Error(JSON.stringify(draft.errors));
    await ContractDraftVersion.create({
      _id: draftVersionId(caseId, 1),
      caseId,
      number: 1,
      draft: draft.draft,
      textHash: textHashOf(draft.draft),
      createdAt: new Date(),
      createdBy: new Types.ObjectId(as.chairA1.user.id),
      createdByName: "甲一主席",
      basis: "assembled",
    });
    const clauseId = draft.draft.chapters[0].clauses[0].id;
    const REVIEW: Record<Who, boolean> = {
      admin: false,
      instA: false,
      instA1: false,
      instB: false,
      hrA1: false,
      chairA1: true,
      repA1: true,
      hrB1: false,
    };
    for (const who of WHO) {
      const comment = openThread(as[who].user, caseId, { versionNumber: 1, clauseId, text: `${who}的意见` });
      if (REVIEW[who]) await comment;
      else expect(await thrownStatus(comment)).toBe(403);
    }
    for (const who of WHO) {
      if (!VIEW_CASE[who] && who !== "repA1") {
        expect(await thrownStatus(draftsPage(as[who].user, caseId, null))).toBe(403);
        continue;
      }
      const page = await draftsPage(as[who].user, caseId, null);
      expect(page.selected?.label).toBe("第1稿");
      expect(page.review !== null).toBe(REVIEW[who]);
      const text = JSON.stringify(page);
      if (!REVIEW[who]) expect(text).not.toContain("的意见");
      else expect(page.review?.threads.map((t) => t.text)).toEqual(["chairA1的意见", "repA1的意见"]);
    }
  });

  it("contract_library:manage: only the admin views, exports, imports and publishes the clause library", async () => {
    const versions = await libraryVersions(as.admin.user);
    for (const who of WHO.filter((w) => w !== "admin")) {
      expect(await thrownStatus(libraryVersions(as[who].user))).toBe(403);
      expect(await thrownStatus(exportLibraryFile(as[who].user, versions[0].id))).toBe(403);
      expect(await thrownStatus(importLibraryText(as[who].user, "{}"))).toBe(403);
      expect(await thrownStatus(publishLibrary(as[who].user, versions[0].id))).toBe(403);
    }
  });

  it("bargaining:list: the pipeline holds the subtree's cases; enterprise staff get 403", async () => {
    const rows = async (who: Who) =>
      (await pipeline(as[who].user, {})).stages
        .flatMap((s) => s.rows.map((r) => r.id))
        .filter((id) => id === caseId);
    expect(await rows("admin")).toEqual([caseId]);
    expect(await rows("instA")).toEqual([caseId]);
    expect(await rows("instA1")).toEqual([caseId]);
    expect(await rows("instB")).toEqual([]);
    // A filter naming another subtree narrows to nothing, never widens.
    expect((await pipeline(as.instB.user, { orgId: String(org.a1._id) })).total).toBe(0);
    for (const who of MEMBERS) {
      expect(await thrownStatus(pipeline(as[who].user, {}))).toBe(403);
      expect(await thrownStatus(pipelineLoader(routeArgs(pageRequest(as[who], "/bargaining"))))).toBe(403);
    }
  });

  it("bargaining:campaign: instructors of the organisation only", async () => {
    const input = {
      orgId: String(org.a1._id),
      name: "矩阵集中要约",
      kind: "wage",
      offerText: "",
      sentOn: "2026-03-02",
      enterpriseIds: [String(ent.eA1._id)],
    };
    for (const who of ["instB", "hrA1", "chairA1", "repA1", "hrB1"] as const)
      expect(await thrownStatus(startCampaign(as[who].user, input))).toBe(403);
    // An enterprise outside the organisation named is refused too.
    expect(
      await thrownStatus(startCampaign(as.instA1.user, { ...input, enterpriseIds: [String(ent.eA2._id)] })),
    ).toBe(403);
    expect((await startCampaign(as.instA1.user, input)).enterpriseIds).toHaveLength(1);
  });

  it("bargaining:rules: only the admin sets an organisation's rule set and imports the holiday calendar", async () => {
    const a1 = (await UnionOrg.findById(org.a1._id).lean())!;
    for (const who of WHO.filter((w) => w !== "admin")) {
      expect(await thrownStatus(setOrgRuleSet(as[who].user, String(a1._id), a1.version, "zhejiang"))).toBe(
        403,
      );
      expect(
        await thrownStatus(calendarLoader(routeArgs(pageRequest(as[who], "/bargaining/calendar")))),
      ).toBe(403);
    }
    await setOrgRuleSet(
      as.admin.user,
      String(org.distA._id),
      (await UnionOrg.findById(org.distA._id).lean())!.version,
      "zhejiang",
    );
    // Inherited down the tree: a case of E_A2 (under 甲二, under 甲区) uses 浙江's rules.
    const saved = await sendOffer(as.admin.user, String(ent.eA2._id), {
      side: "employer",
      kind: "comprehensive",
      topicKeys: ["remuneration"],
      findingItemIds: [],
      customTopics: "",
      note: "",
      sentOn: "2026-09-30",
    });
    expect(saved.ruleSetId).toBe("zhejiang");
    // 10 working days from 2026-09-30 across 国庆节 (10-01–10-07 rest, 10-10 worked): 10-20.
    expect(saved.deadlines.find((d) => d.key === "response")).toMatchObject({
      dueOn: "2026-10-20",
      sourceLabel: "《浙江省集体合同条例》第七条",
    });
    await setOrgRuleSet(
      as.admin.user,
      String(org.distA._id),
      (await UnionOrg.findById(org.distA._id).lean())!.version,
      "",
    );
    expect(
      (await calendarLoader(routeArgs(pageRequest(as.admin, "/bargaining/calendar")))).years[0].year,
    ).toBe(2026);
  });
});

/**
 * The congress vote (issue 16): the chair of E_A1 runs it (admins too); whoever sees the case, and every
 * voter, sees the page; only the account linked to a roster member casts that member's ballot (admins
 * neither); only the two tellers enter paper slips (admins neither).
 */
describe("the congress vote: congress:view, congress:manage, congress:vote, congress:count", () => {
  let voteCase = "";
  const VIEW: Record<Who, boolean> = {
    admin: true,
    instA: true,
    instA1: true,
    instB: false,
    hrA1: true,
    chairA1: true,
    repA1: true,
    hrB1: false,
  };

  beforeAll(async () => {
    voteCase = await makeAgreedCase({ enterprise: ent.eA1, createdBy: as.chairA1.user.id });
  });

  it("congress:manage: only the chair (and admins) submit and keep the roster", async () => {
    for (const who of ["instA", "instA1", "instB", "hrA1", "repA1", "hrB1"] as const)
      expect(await thrownStatus(submitToCongress(as[who].user, voteCase, 0))).toBe(403);
    await submitToCongress(as.chairA1.user, voteCase, 0);
    const roster = {
      kind: "congress" as const,
      text: "甲一代表 R1 男 是\n甲一职工 R2 女 否\n甲一工人 R3 男 是",
      employees: null,
      women: null,
    };
    for (const who of ["instA", "hrA1", "repA1", "hrB1"] as const)
      expect(await thrownStatus(saveRoster(as[who].user, voteCase, 0, roster))).toBe(403);
    const { congress } = await saveRoster(as.chairA1.user, voteCase, 0, roster);
    await linkMember(as.chairA1.user, voteCase, congress!.version, {
      memberId: congress!.members[0].id,
      userId: as.repA1.user.id,
    });
    await callMeeting(as.admin.user, voteCase, {
      heldOn: "2099-01-01",
      place: "",
      tellerUserIds: [as.hrA1.user.id, as.chairA1.user.id],
    });
  });

  it.each(WHO)("congress:view of %s", async (who) => {
    if (VIEW[who]) expect((await congressPage(as[who].user, voteCase)).case.id).toBe(voteCase);
    else expect(await thrownStatus(congressPage(as[who].user, voteCase))).toBe(403);
  });

  it("congress:vote: only the linked account; congress:count: only the two tellers", async () => {
    const members = (await Congress.findById(voteCase).lean())!.members;
    await checkIn(as.chairA1.user, voteCase, { memberIds: members.map((m) => m.id), present: true });
    await openVote(as.chairA1.user, voteCase);
    for (const who of WHO.filter((w) => w !== "repA1")) {
      expect(await thrownStatus(castBallot(as[who].user, voteCase, "approve"))).toBe(403);
      expect(await thrownStatus(votePage(as[who].user, voteCase))).toBe(403);
    }
    expect((await votePage(as.repA1.user, voteCase)).memberName).toBe("甲一代表");
    expect((await castBallot(as.repA1.user, voteCase, "approve")).receiptCode).toHaveLength(10);
    await closeVoting(as.chairA1.user, voteCase);
    for (const who of ["admin", "instA", "repA1", "hrB1"] as const)
      expect(
        await thrownStatus(
          enterPaperSlip(as[who].user, voteCase, { receiptCode: "ABCDE23456", choice: "approve" }),
        ),
      ).toBe(403);
    // A teller passes the policy; the code is refused as not printed for this vote.
    const refused = await rejectionOf(
      enterPaperSlip(as.hrA1.user, voteCase, { receiptCode: "ABCDE23456", choice: "approve" }),
    );
    expect((refused as Error).message).toContain("不是本次表决印制的选票编号");
  });
});

/**
 * Cultivation (培育助推): every new action through the services, for every person of the matrix, plus the
 * head of 甲区总工会 (an instructor grant flagged `head`) for the countersignature.
 */
describe("cultivation plans, trainings and surveys", () => {
  /** Plans each person may open (HR and chairs their own; representatives none). */
  const PLAN_VIEW: Record<Who, EntKey[]> = {
    admin: ["eA1", "eA2", "eB1"],
    instA: ["eA1", "eA2"],
    instA1: ["eA1"],
    instB: ["eB1"],
    hrA1: ["eA1"],
    chairA1: ["eA1"],
    repA1: [],
    hrB1: ["eB1"],
  };
  const PLAN_MANAGE: Record<Who, EntKey[]> = { ...EDIT };
  const plans = {} as Record<EntKey, string>;
  let headA: Browser;
  const year = Number(new Date().toISOString().slice(0, 4)) + 1;

  beforeAll(async () => {
    for (const e of ENTS) {
      const made = await createPlans(as.admin.user, {
        enterpriseIds: [String(ent[e]._id)],
        year,
        startOn: `${year}-01-01`,
      });
      plans[e] = made.created[0];
    }
    const head = await makeUser({ role: "instructor", org: org.distA, accountName: "m.heada" });
    await User.updateOne({ _id: head.id }, { $set: { "roles.0.head": true } });
    headA = await signInAs(head);
  });

  const cases = WHO.flatMap((who) => ENTS.map((e) => [who, e] as const));

  it.each(cases)("plan:view and plan:manage — %s → %s", async (who, e) => {
    const view = planPage(as[who].user, plans[e]);
    if (PLAN_VIEW[who].includes(e)) expect((await view).plan.enterpriseName).toBe(ent[e].name);
    else expect(await thrownStatus(view)).toBe(403);
    const plan = (await CultivationPlan.findById(plans[e]).lean())!;
    const due = setDueDate(as[who].user, plans[e], plan.version, "guidance", `${year}-05-01`);
    if (PLAN_MANAGE[who].includes(e))
      expect((await due).milestones.find((m) => m.key === "guidance")?.dueOn).toBe(`${year}-05-01`);
    else expect(await thrownStatus(due)).toBe(403);
  });

  it("plan:record — HR adds the rules assigned to HR, the chair the congress; neither logs visits; reps nothing", async () => {
    const id = plans.eA1;
    const today = new Date().toISOString().slice(0, 10);
    await addRecord(as.hrA1.user, id, "rules_improved", { date: today, ruleName: "考勤管理办法" }, []);
    await addRecord(
      as.chairA1.user,
      id,
      "employee_congress",
      { date: today, minutes: "审议集体合同草案" },
      [],
    );
    expect(await thrownStatus(addRecord(as.hrA1.user, id, "first_visit", { date: today }, []))).toBe(403);
    expect(await thrownStatus(addRecord(as.chairA1.user, id, "rules_improved", { date: today }, []))).toBe(
      403,
    );
    expect(await thrownStatus(addRecord(as.repA1.user, id, "employee_congress", { date: today }, []))).toBe(
      403,
    );
    expect(await thrownStatus(addRecord(as.hrB1.user, id, "rules_improved", { date: today }, []))).toBe(403);
    expect(await thrownStatus(addRecord(as.instB.user, id, "first_visit", { date: today }, []))).toBe(403);
    const plan = (await CultivationPlan.findById(id).lean())!;
    expect(plan.milestones.find((m) => m.key === "employee_congress")?.doneOn).toBe(today);
    expect(plan.records).toHaveLength(2);
  });

  it("plan:countersign — only a head of an organisation on the plan's path, after the instructor", async () => {
    for (const e of ["eA2", "eB1"] as const) {
      const plan = (await CultivationPlan.findById(plans[e]).lean())!;
      await signAsInstructor(
        as.admin.user,
        plans[e],
        plan.version,
        "年度培育工作完成情况良好，下一步继续跟进。",
      );
    }
    const a2 = (await CultivationPlan.findById(plans.eA2).lean())!;
    for (const who of WHO.filter((w) => w !== "admin")) {
      expect(await thrownStatus(countersign(as[who].user, plans.eA2, a2.version))).toBe(403);
    }
    const b1 = (await CultivationPlan.findById(plans.eB1).lean())!;
    expect(await thrownStatus(countersign(headA.user, plans.eB1, b1.version))).toBe(403);
    await countersign(headA.user, plans.eA2, a2.version);
    expect((await CultivationPlan.findById(plans.eA2).lean())!.status).toBe("signed_off");
  });

  it("account:head — only admins set or clear an instructor's head flag on /accounts; the flag is what countersigns", async () => {
    // 乙区's plan was signed by its instructor above and waits for a head of 乙一街道 or above.
    const inst = await makeUser({ role: "instructor", org: org.b1, accountName: "m.headb1" });
    const id = plans.eB1;
    const signed = (await CultivationPlan.findById(id).lean())!;
    expect(signed.status).toBe("instructor_signed");
    const post = (who: Browser, head: "1" | "0", unionOrgId = String(org.b1._id), userId = inst.id) =>
      accountsAction(
        routeArgs(formRequest(who, "/accounts", { intent: "set-head", userId, unionOrgId, head })),
      );
    const flag = async () => (await User.findById(inst.id).lean())!.roles[0].head;
    for (const who of WHO.filter((w) => w !== "admin"))
      expect(await thrownStatus(post(as[who], "1"))).toBe(403);
    expect(await flag()).toBeFalsy();
    const asInst = await signInAs(inst);
    expect(await thrownStatus(countersign(asInst.user, id, signed.version))).toBe(403);
    // Not an instructor of that organisation, or not an instructor at all: a form error, nothing written.
    expect(await post(as.admin, "1", String(org.distB._id))).toMatchObject({ ok: false });
    expect(await post(as.admin, "1", String(org.b1._id), as.hrB1.user.id)).toMatchObject({ ok: false });
    expect(await flag()).toBeFalsy();
    expect(await post(as.admin, "1")).toMatchObject({ ok: true });
    expect(await flag()).toBe(true);
    const list = await accountsLoader(routeArgs(pageRequest(as.admin, "/accounts")));
    expect(list.canSetHead).toBe(true);
    expect((await accountsLoader(routeArgs(pageRequest(as.instA, "/accounts")))).canSetHead).toBe(false);
    expect(await post(as.admin, "0")).toMatchObject({ ok: true });
    expect(await flag()).toBeFalsy();
    expect(await thrownStatus(countersign((await signInAs(inst)).user, id, signed.version))).toBe(403);
    expect(await post(as.admin, "1")).toMatchObject({ ok: true });
    await countersign((await signInAs(inst)).user, id, signed.version);
    expect((await CultivationPlan.findById(id).lean())!.status).toBe("signed_off");
    const entries = await listAudit(as.admin.user, { action: "account.set_head" });
    expect(entries.entries.filter((r) => r.resource === inst.doc.displayName)).toHaveLength(2);
    expect(entries.entries[0].action).toBe("设为工会组织负责人");
  });

  it("plan:list, training:manage, survey:manage, survey:figures, plan_template:manage", async () => {
    for (const who of WHO) {
      const instructs = ["admin", "instA", "instA1", "instB"].includes(who);
      const cohort = cohortFor(as[who].user, { year });
      if (instructs) expect((await cohort).rows.length).toBe(who === "admin" ? 3 : VIEW[who].length);
      else expect(await thrownStatus(cohort)).toBe(403);
      const figures = surveyFigures(as[who].user);
      if (instructs) await figures;
      else expect(await thrownStatus(figures)).toBe(403);
      const templates = planTemplateVersions(as[who].user);
      if (who === "admin") expect((await templates).length).toBeGreaterThan(0);
      else expect(await thrownStatus(templates)).toBe(403);
      const training = createTraining(as[who].user, {
        topic: "矩阵培训",
        mode: "onsite",
        date: `${year}-03-01`,
        place: "会议室",
        unionOrgId: String(org.a1._id),
        enterpriseIds: [String(ent.eA1._id)],
      });
      if (["admin", "instA", "instA1"].includes(who)) expect(typeof (await training)).toBe("string");
      else expect(await thrownStatus(training)).toBe(403);
      for (const e of ENTS) {
        const survey = createSurvey(as[who].user, String(ent[e]._id), 5);
        if (EDIT[who].includes(e)) expect(typeof (await survey)).toBe("string");
        else expect(await thrownStatus(survey)).toBe(403);
      }
    }
  });

  it("pages: the plan route refuses another subtree; the 培育 tab shows members their plan, not reps", async () => {
    const id = plans.eB1;
    expect(await thrownStatus(planLoader(routeArgs(pageRequest(as.instA, `/plans/${id}`), { id })))).toBe(
      403,
    );
    const tab = (who: Who) =>
      enterpriseTabLoader(
        routeArgs(pageRequest(as[who], `/enterprises/${ent.eA1._id}/cultivation`), {
          id: String(ent.eA1._id),
          tab: "cultivation",
        }),
      );
    expect((await tab("hrA1")).cultivation?.plans).toHaveLength(1);
    expect(await thrownStatus(tab("repA1"))).toBe(403); // representatives may not read plans: refused, not empty
    // survey:figures — the enterprise's HR sees its survey counts (surveys opened above, no answers yet).
    expect((await tab("hrA1")).cultivation?.survey).toMatchObject({ employees: 0, employers: 0 });
    expect((await tab("chairA1")).cultivation?.survey).toMatchObject({ employees: 0 });
    const fields = { intent: "due", version: "0", key: "guidance", dueOn: `${year}-06-01` };
    expect(
      await thrownStatus(planAction(routeArgs(formRequest(as.instA, `/plans/${id}`, fields), { id }))),
    ).toBe(403);
  });
});

describe("dashboard:view — the organisation dashboard and its export", () => {
  /** Organisations whose dashboard each person may open (their subtree; admins all; enterprise staff none). */
  const DASHBOARD: Record<Who, OrgKey[]> = {
    admin: [...ORGS],
    instA: ["distA", "a1", "a2"],
    instA1: ["a1"],
    instB: ["distB", "b1"],
    hrA1: [],
    chairA1: [],
    repA1: [],
    hrB1: [],
  };

  it("opens by default on the person's highest organisation, offering exactly their subtree", async () => {
    for (const who of WHO) {
      const data = dashboardData(as[who].user, {});
      if (DASHBOARD[who].length === 0) {
        expect(await thrownStatus(data)).toBe(403);
        continue;
      }
      const { org: root, orgOptions, rows } = await data;
      // The admin may also see organisations other test files made; these six are among them.
      const offered = orgOptions.map((o) => o.id);
      for (const k of ORGS) expect(offered.includes(String(org[k]._id))).toBe(DASHBOARD[who].includes(k));
      if (who !== "admin") {
        expect(root.id).toBe(String(org[DASHBOARD[who][0]]._id));
        expect(offered).toHaveLength(DASHBOARD[who].length);
        // Its rows are its children (and its own enterprises), never another subtree.
        for (const row of rows) expect(DASHBOARD[who].map((k) => String(org[k]._id))).toContain(row.id);
      }
    }
  });

  it("every person × every organisation: the page, the loader and the export agree with the policy", async () => {
    for (const who of WHO) {
      for (const k of ORGS) {
        const id = String(org[k]._id);
        const allowed = DASHBOARD[who].includes(k);
        const service = () => dashboardData(as[who].user, { org: id });
        const page = () => dashboardLoader(routeArgs(pageRequest(as[who], `/dashboard?org=${id}`)));
        const xlsx = () =>
          dashboardExport(routeArgs(pageRequest(as[who], `/dashboard/export.xlsx?org=${id}`)));
        if (allowed) {
          expect((await service()).org.id).toBe(id);
          expect((await page()).org.id).toBe(id);
          expect((await xlsx()).status).toBe(200);
        } else {
          expect(await thrownStatus(service())).toBe(403);
          expect(await thrownStatus(page())).toBe(403);
          expect(await thrownStatus(xlsx())).toBe(403);
        }
      }
    }
  });
});

describe("moving 甲一街道总工会 under 乙区总工会", () => {
  it("moves who sees E_A1 without touching the enterprise document", async () => {
    const enterpriseBefore = await current("eA1");
    const a1 = (await UnionOrg.findById(org.a1._id).lean())!;
    await moveOrg(as.admin.user, String(a1._id), a1.version, String(org.distB._id));

    const id = String(ent.eA1._id);
    // District A's instructor loses it, in the list and by direct URL.
    const a = await listEnterprises(as.instA.user, {});
    expect(a.rows.map((r) => r.name)).toEqual([ent.eA2.name]);
    expect(a.total).toBe(1);
    expect(await thrownStatus(getEnterprise(as.instA.user, id))).toBe(403);
    expect(
      await thrownStatus(enterpriseLoader(routeArgs(pageRequest(as.instA, `/enterprises/${id}`), { id }))),
    ).toBe(403);
    // District B's instructor gains it, and the street node in their tree.
    const b = await listEnterprises(as.instB.user, {});
    expect(b.rows.map((r) => r.name).sort()).toEqual(names(["eA1", "eB1"]));
    expect(b.total).toBe(2);
    expect((await getEnterprise(as.instB.user, id)).orgTrail).toEqual([
      "矩阵市总工会",
      "乙区总工会",
      "甲一街道总工会",
    ]);
    expect((await listOrgTree(as.instB.user)).map((n) => n.name)).toContain("甲一街道总工会");
    // The street's own instructor and the enterprise's staff keep it.
    expect((await listEnterprises(as.instA1.user, {})).total).toBe(1);
    expect((await getEnterprise(as.hrA1.user, id)).name).toBe(ent.eA1.name);
    // The enterprise document is exactly as it was.
    const enterpriseAfter = await current("eA1");
    expect(enterpriseAfter).toEqual(enterpriseBefore);
  });
});
