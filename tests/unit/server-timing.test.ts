import { requestMemo, serverTimingHeader, timingMiddleware } from "~/lib/server-timing.server";

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

describe("requestMemo", () => {
  /** Runs `body` inside the middleware for a request of this method, as the HTTP server does. */
  function inRequest(method: string, body: () => Promise<void>) {
    const res = { writeHead: () => res, headersSent: false, setHeader: () => undefined, on: () => res };
    return new Promise<void>((resolve, reject) =>
      timingMiddleware({ method, url: "/" } as never, res as never, () => {
        body().then(resolve, reject);
      }),
    );
  }

  it("computes once per GET request, every time in a POST and outside a request", async () => {
    let calls = 0;
    const compute = async () => ++calls;
    await inRequest("GET", async () => {
      expect(await requestMemo("user:a", compute)).toBe(1);
      expect(await requestMemo("user:a", compute)).toBe(1);
      expect(await requestMemo("user:b", compute)).toBe(2);
    });
    await inRequest("GET", async () => {
      expect(await requestMemo("user:a", compute)).toBe(3);
    });
    await inRequest("POST", async () => {
      expect(await requestMemo("user:a", compute)).toBe(4);
      expect(await requestMemo("user:a", compute)).toBe(5);
    });
    expect(await requestMemo("user:a", compute)).toBe(6);
  });

  it("runs a thenable that runs again on each await (a mongoose query) once, for every caller", async () => {
    let runs = 0;
    // Like a mongoose Query: each then() sends the command again (mongoose refuses a second one).
    const query = () => ({
      then<R>(resolve: (value: number) => R) {
        runs += 1;
        if (runs > 1) throw new Error("Query was already executed");
        return Promise.resolve(resolve(42));
      },
    });
    await inRequest("GET", async () => {
      const shared = query();
      const [a, b] = await Promise.all([
        requestMemo("assessment:x", () => shared),
        requestMemo("assessment:x", () => shared),
      ]);
      expect([a, b, await requestMemo("assessment:x", () => shared)]).toEqual([42, 42, 42]);
    });
    expect(runs).toBe(1);
  });
});
