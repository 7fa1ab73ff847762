import { inboxTasks, type InboxEntry } from "~/domain/health-check/inbox";

const TODAY = "2026-12-01";

function entry(overrides: Partial<InboxEntry>): InboxEntry {
  return {
    kind: "item",
    id: "i1",
    enterpriseId: "e1",
    enterpriseName: "甲公司",
    unionOrgId: "o1",
    status: "issued",
    title: "签订书面劳动合同",
    ref: "湖滨工处〔2026〕1号 第1项",
    dueOn: "2026-12-20",
    since: "2026-11-01T00:00:00.000Z",
    rejected: false,
    ...overrides,
  };
}

describe("who a record waits for", () => {
  const check = (status: InboxEntry["status"]) =>
    entry({ kind: "check", id: "a1", status, title: "法律体检", ref: "" });

  it("a check to fill or fix is HR's; a submitted check is the instructor's; an accepted one nobody's", () => {
    expect(inboxTasks("hr", [check("in_progress")], TODAY)[0]).toMatchObject({
      label: "填写法律体检问卷并提交审核",
      link: "/assessments/a1",
    });
    expect(inboxTasks("hr", [check("returned")], TODAY)[0].label).toMatch(/^体检被退回/);
    expect(inboxTasks("hr", [check("submitted")], TODAY)).toEqual([]);
    expect(inboxTasks("instructor", [check("in_progress")], TODAY)).toEqual([]);
    expect(inboxTasks("instructor", [check("submitted")], TODAY)[0]).toMatchObject({
      label: "审核法律体检",
      link: "/assessments/a1/review",
    });
    for (const audience of ["hr", "instructor", "enterprise"] as const)
      expect(inboxTasks(audience, [check("accepted")], TODAY)).toEqual([]);
  });

  it("items: HR acknowledges, works and resubmits a rejected one; the instructor verifies and chases overdue ones", () => {
    expect(inboxTasks("hr", [entry({ status: "issued" })], TODAY)[0].label).toBe("确认整改事项");
    expect(inboxTasks("hr", [entry({ status: "in_progress" })], TODAY)[0].label).toBe("完成整改并提交核验");
    expect(inboxTasks("hr", [entry({ status: "in_progress", rejected: true })], TODAY)[0].label).toMatch(
      /^整改被退回/,
    );
    expect(inboxTasks("hr", [entry({ status: "submitted" })], TODAY)).toEqual([]);
    expect(inboxTasks("instructor", [entry({ status: "submitted" })], TODAY)[0].label).toBe("核验整改事项");
    expect(inboxTasks("instructor", [entry({ status: "in_progress" })], TODAY)).toEqual([]);
    const overdue = inboxTasks("instructor", [entry({ status: "in_progress", dueOn: "2026-11-30" })], TODAY);
    expect(overdue[0]).toMatchObject({ label: "整改已逾期：督促企业整改", overdue: true });
    expect(inboxTasks("hr", [entry({ status: "closed" })], TODAY)).toEqual([]);
  });

  it("oldest first for those who act; by deadline for the enterprise view, linked only where the reader may open", () => {
    const entries = [
      entry({ id: "new", since: "2026-11-20T00:00:00.000Z", dueOn: "2026-12-05" }),
      entry({ id: "old", since: "2026-10-01T00:00:00.000Z", dueOn: "2026-12-25" }),
    ];
    expect(inboxTasks("hr", entries, TODAY).map((t) => t.key)).toEqual(["item:old", "item:new"]);
    const view = inboxTasks("enterprise", entries, TODAY, (e) => e.id === "new");
    expect(view.map((t) => [t.key, t.link])).toEqual([
      ["item:new", "/prescriptions/items/new"],
      ["item:old", null],
    ]);
  });
});
