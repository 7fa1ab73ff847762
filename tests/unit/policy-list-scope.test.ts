import {
  LIST_KINDS,
  can,
  grantableRoles,
  holdsGrant,
  instructsOneOf,
  isAdmin,
  isEnterpriseHr,
  isStaff,
  listScope,
  type ListKind,
  type ListScope,
  type Principal,
} from "~/domain/policy";

const admin: Principal = { id: "u-admin", roles: [{ role: "admin" }] };
const instructor: Principal = { id: "u-inst", roles: [{ role: "instructor", unionOrgId: "o1" }] };
const hr: Principal = { id: "u-hr", roles: [{ role: "hr", enterpriseId: "e1" }] };
const chair: Principal = { id: "u-chair", roles: [{ role: "chair", enterpriseId: "e1" }] };
const rep: Principal = { id: "u-rep", roles: [{ role: "rep", enterpriseId: "e1" }] };
const nobody: Principal = { id: "u-none", roles: [] };
/** An instructor of o2 who is also HR of e9 (roles add up). */
const both: Principal = {
  id: "u-both",
  roles: [
    { role: "instructor", unionOrgId: "o2" },
    { role: "hr", enterpriseId: "e9" },
  ],
};

const within = (orgIds: string[], enterpriseIds: string[]): ListScope => ({
  kind: "within",
  orgIds,
  enterpriseIds,
});
const ALL: ListScope = { kind: "all" };
const NONE: ListScope = { kind: "none" };
const own = (p: Principal): ListScope => ({ kind: "own", userId: p.id });

/** What every principal's list of every kind holds. */
const EXPECTED: Record<ListKind, [Principal, ListScope][]> = {
  enterprise: [
    [admin, ALL],
    [instructor, within(["o1"], [])],
    [hr, within([], ["e1"])],
    [chair, within([], ["e1"])],
    [rep, within([], ["e1"])],
    [nobody, NONE],
    [both, within(["o2"], ["e9"])],
  ],
  prescription_item: [
    [admin, ALL],
    [instructor, within(["o1"], [])],
    [hr, within([], ["e1"])],
    [chair, within([], ["e1"])],
    [rep, NONE],
    [nobody, NONE],
    [both, within(["o2"], ["e9"])],
  ],
  accepted_check: [
    [admin, ALL],
    [instructor, within(["o1"], [])],
    [hr, within([], ["e1"])],
    [chair, within([], ["e1"])],
    [rep, NONE],
    [nobody, NONE],
    [both, within(["o2"], ["e9"])],
  ],
  audit_entry: [
    [admin, ALL],
    [instructor, within(["o1"], [])],
    [hr, NONE],
    [chair, NONE],
    [rep, NONE],
    [nobody, NONE],
    [both, within(["o2"], [])],
  ],
  account: [
    [admin, ALL],
    [instructor, within(["o1"], [])],
    [hr, NONE],
    [chair, NONE],
    [rep, NONE],
    [nobody, NONE],
    [both, within(["o2"], [])],
  ],
  org: [
    [admin, ALL],
    [instructor, within(["o1"], [])],
    [hr, NONE],
    [chair, NONE],
    [rep, NONE],
    [nobody, NONE],
    [both, within(["o2"], [])],
  ],
  notification: [admin, instructor, hr, chair, rep, nobody, both].map((p) => [p, own(p)]),
  report_batch: [admin, instructor, hr, chair, rep, nobody, both].map((p) => [p, own(p)]),
};

describe("listScope: what each person's lists may contain", () => {
  it("covers every list kind", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...LIST_KINDS].sort());
  });

  const cases = LIST_KINDS.flatMap((kind) =>
    EXPECTED[kind].map(([p, scope]) => [kind, p.id, p, scope] as const),
  );
  it.each(cases)("%s for %s", (kind, _id, principal, scope) => {
    expect(listScope(principal, kind)).toEqual(scope);
  });

  it("two grants of the same node are one scope entry", () => {
    const twice: Principal = {
      id: "t",
      roles: [
        { role: "hr", enterpriseId: "e1" },
        { role: "chair", enterpriseId: "e1" },
      ],
    };
    expect(listScope(twice, "prescription_item")).toEqual(within([], ["e1"]));
  });
});

describe("the policy's named questions", () => {
  it("isAdmin and isStaff", () => {
    expect([admin, instructor, hr, chair, rep, nobody, both].map(isAdmin)).toEqual([
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect([admin, instructor, hr, chair, rep, nobody, both].map(isStaff)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it("grantableRoles: admins every role, instructors enterprise roles, nobody else any", () => {
    expect(grantableRoles(admin)).toEqual(["admin", "instructor", "hr", "chair", "rep"]);
    expect(grantableRoles(instructor)).toEqual(["hr", "chair", "rep"]);
    for (const p of [hr, chair, rep, nobody]) expect(grantableRoles(p)).toEqual([]);
  });

  it("isEnterpriseHr, instructsOneOf and holdsGrant read stored grants (ids as objects too)", () => {
    const stored = {
      roles: [
        { role: "hr" as const, enterpriseId: { toString: () => "e1" } },
        { role: "instructor" as const, unionOrgId: { toString: () => "o1" } },
      ],
    };
    expect(isEnterpriseHr(stored, "e1")).toBe(true);
    expect(isEnterpriseHr(stored, "e2")).toBe(false);
    expect(isEnterpriseHr(chair, "e1")).toBe(false);
    expect(instructsOneOf(stored, ["o1", "o9"])).toBe(true);
    expect(instructsOneOf(stored, ["o9"])).toBe(false);
    expect(holdsGrant(stored, { role: "hr", enterpriseId: "e1" })).toBe(true);
    expect(holdsGrant(stored, { role: "chair", enterpriseId: "e1" })).toBe(false);
    expect(holdsGrant(stored, { role: "hr", enterpriseId: "e2" })).toBe(false);
  });
});

describe("the list pages and import batches in can()", () => {
  const system = { type: "system" as const };
  it.each(["account:list", "audit:list"] as const)("%s: admins and instructors", (action) => {
    expect([admin, instructor, hr, chair, rep, nobody, both].map((p) => can(p, action, system))).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it("import_batch:view: the uploader and admins", () => {
    const job = { type: "job" as const, ownerId: instructor.id };
    expect([admin, instructor, hr, both].map((p) => can(p, "import_batch:view", job))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
