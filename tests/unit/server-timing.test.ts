import { serverTimingHeader } from "~/lib/server-timing.server";

describe("serverTimingHeader", () => {
  it("splits the time into database and the rest, with the number of commands", () => {
    expect(serverTimingHeader({ start: 100, db: 12.34, queries: 3 }, 150)).toBe(
      'db;dur=12.3;desc="database, 3 commands", app;dur=37.7;desc="loaders and rendering", total;dur=50.0',
    );
  });

  it("never reports more database time than the request took (commands overlapping in parallel)", () => {
    expect(serverTimingHeader({ start: 0, db: 80, queries: 9 }, 50)).toBe(
      'db;dur=50.0;desc="database, 9 commands", app;dur=0.0;desc="loaders and rendering", total;dur=50.0',
    );
  });
});
