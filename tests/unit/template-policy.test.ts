import { can, navigationFor, type Principal } from "~/domain/policy";

const admin: Principal = { id: "a", roles: [{ role: "admin" }] };
const others: Principal[] = [
  { id: "i", roles: [{ role: "instructor", unionOrgId: "o1" }] },
  { id: "h", roles: [{ role: "hr", enterpriseId: "e1" }] },
  { id: "c", roles: [{ role: "chair", enterpriseId: "e1" }] },
  { id: "r", roles: [{ role: "rep", enterpriseId: "e1" }] },
];

describe("questionnaire templates in the policy", () => {
  it("only admins manage templates", () => {
    expect(can(admin, "template:manage", { type: "system" })).toBe(true);
    for (const p of others) expect(can(p, "template:manage", { type: "system" })).toBe(false);
  });

  it("admins find 问卷模板 in the navigation right after 工会组织; nobody else does", () => {
    const labels = navigationFor(admin).map((i) => i.label);
    expect(labels.slice(labels.indexOf("工会组织"), labels.indexOf("工会组织") + 2)).toEqual([
      "工会组织",
      "问卷模板",
    ]);
    expect(navigationFor(admin).find((i) => i.label === "问卷模板")?.to).toBe("/templates");
    for (const p of others) expect(navigationFor(p).some((i) => i.to === "/templates")).toBe(false);
  });
});

describe("report:list (the reports page and batch generation)", () => {
  it("is for admins and instructors only", () => {
    const system = { type: "system" as const };
    expect(can({ id: "a", roles: [{ role: "admin" }] }, "report:list", system)).toBe(true);
    expect(can({ id: "i", roles: [{ role: "instructor", unionOrgId: "o1" }] }, "report:list", system)).toBe(
      true,
    );
    for (const role of ["hr", "chair", "rep"] as const) {
      expect(can({ id: "u", roles: [{ role, enterpriseId: "e1" }] }, "report:list", system)).toBe(false);
    }
  });
});

describe("report_batch:view (a batch's progress)", () => {
  it("is for the person who started it and admins", () => {
    const job = { type: "job" as const, ownerId: "i1" };
    expect(
      can({ id: "i1", roles: [{ role: "instructor", unionOrgId: "o1" }] }, "report_batch:view", job),
    ).toBe(true);
    expect(
      can({ id: "i2", roles: [{ role: "instructor", unionOrgId: "o1" }] }, "report_batch:view", job),
    ).toBe(false);
    expect(can({ id: "a", roles: [{ role: "admin" }] }, "report_batch:view", job)).toBe(true);
    expect(
      can({ id: "i1", roles: [{ role: "instructor", unionOrgId: "o1" }] }, "report_batch:view", {
        type: "system",
      }),
    ).toBe(false);
  });
});
