import { dueWindow, matchesItemFilters } from "~/domain/prescriptions/list-filters";

const today = "2026-12-02";
const item = (
  status: "issued" | "submitted" | "closed",
  dueOn: string,
  severity = "H",
  dimensionId = "LC",
) => ({
  status,
  dueOn,
  severity,
  dimensionId,
});

describe("the prescription list's filters", () => {
  it("已逾期 is due before today; without a status, open items only", () => {
    expect(dueWindow({ due: "overdue" }, today)).toEqual({ before: today, openOnly: true });
    expect(matchesItemFilters(item("issued", "2026-12-01"), { due: "overdue" }, today)).toBe(true);
    expect(matchesItemFilters(item("issued", today), { due: "overdue" }, today)).toBe(false);
    expect(matchesItemFilters(item("closed", "2026-11-01"), { due: "overdue" }, today)).toBe(false);
    // With a status picked, the window alone: closed items whose deadline has passed.
    expect(
      matchesItemFilters(item("closed", "2026-11-01"), { due: "overdue", status: "closed" }, today),
    ).toBe(true);
  });

  it("即将到期 is due from today to seven days on, both included", () => {
    expect(dueWindow({ due: "due_soon" }, today)).toEqual({ from: today, to: "2026-12-09", openOnly: true });
    for (const [dueOn, passes] of [
      ["2026-12-01", false],
      [today, true],
      ["2026-12-09", true],
      ["2026-12-10", false],
    ] as const)
      expect([dueOn, matchesItemFilters(item("submitted", dueOn), { due: "due_soon" }, today)]).toEqual([
        dueOn,
        passes,
      ]);
  });

  it("未完成 keeps open items unless a status is picked; no deadline filter keeps every deadline", () => {
    expect(dueWindow({ due: "open", status: "closed" }, today)).toEqual({ openOnly: false });
    expect(matchesItemFilters(item("closed", today), { due: "open" }, today)).toBe(false);
    expect(matchesItemFilters(item("closed", today), { due: "open", status: "closed" }, today)).toBe(true);
    expect(dueWindow({}, today)).toEqual({ openOnly: false });
    expect(matchesItemFilters(item("closed", "2020-01-01"), {}, today)).toBe(true);
  });

  it("status, severity and dimension must each equal the item's", () => {
    expect(matchesItemFilters(item("issued", today), { status: "submitted" }, today)).toBe(false);
    expect(matchesItemFilters(item("issued", today, "M"), { severity: "H" }, today)).toBe(false);
    expect(matchesItemFilters(item("issued", today, "H", "WH"), { dimension: "LC" }, today)).toBe(false);
    expect(
      matchesItemFilters(item("issued", today), { status: "issued", severity: "H", dimension: "LC" }, today),
    ).toBe(true);
  });
});
