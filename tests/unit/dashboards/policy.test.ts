import { can, navigationFor, type Principal } from "~/domain/policy";

const admin: Principal = { id: "a", roles: [{ role: "admin" }] };
const instructor: Principal = { id: "i", roles: [{ role: "instructor", unionOrgId: "district" }] };
const head: Principal = { id: "h", roles: [{ role: "instructor", unionOrgId: "district", head: true }] };
const staff: Principal[] = [
  { id: "hr", roles: [{ role: "hr", enterpriseId: "e1" }] },
  { id: "ch", roles: [{ role: "chair", enterpriseId: "e1" }] },
  { id: "rp", roles: [{ role: "rep", enterpriseId: "e1" }] },
];
const org = (...orgPath: string[]) => ({ type: "org" as const, orgPath });

describe("dashboard:view", () => {
  it("admins see every organisation's dashboard", () => {
    expect(can(admin, "dashboard:view", org("city"))).toBe(true);
    expect(can(admin, "dashboard:view", org("city", "elsewhere"))).toBe(true);
  });

  it("instructors and heads see their node and the nodes below it, not above or beside", () => {
    for (const p of [instructor, head]) {
      expect(can(p, "dashboard:view", org("city", "district"))).toBe(true);
      expect(can(p, "dashboard:view", org("city", "district", "street"))).toBe(true);
      expect(can(p, "dashboard:view", org("city"))).toBe(false);
      expect(can(p, "dashboard:view", org("city", "other-district"))).toBe(false);
      expect(can(p, "dashboard:view", { type: "system" })).toBe(false);
    }
  });

  it("HR, chairs and representatives have no dashboard, and no link to it", () => {
    for (const p of staff) {
      expect(can(p, "dashboard:view", org("city", "district", "street"))).toBe(false);
      expect(navigationFor(p).some((i) => i.to === "/dashboard")).toBe(false);
    }
    for (const p of [admin, instructor]) expect(navigationFor(p).map((i) => i.to)).toContain("/dashboard");
  });
});
