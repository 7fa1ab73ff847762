import * as z from "zod";
import {
  flagParam,
  idParam,
  MAX_PAGE,
  oneOf,
  pageParam,
  parseFilterQuery,
  parseQuery,
  textParam,
} from "~/lib/query";

const Schema = z.object({
  page: pageParam,
  status: oneOf(["open", "closed"]),
  org: idParam,
  q: textParam(5),
  unread: flagParam,
});

const parse = (query: string) => parseQuery(Schema, new URLSearchParams(query));

describe("parseQuery: odd query parameters are dropped or clamped, never passed on", () => {
  it.each([
    ["", 1],
    ["page=2", 2],
    ["page=2.7", 2],
    ["page=0", 1],
    ["page=-3", 1],
    ["page=Infinity", 1],
    ["page=-Infinity", 1],
    ["page=NaN", 1],
    ["page=1e308", MAX_PAGE],
    ["page=1e400", 1],
    ["page=99999999999999999999", MAX_PAGE],
    ["page=0x10", 1],
    ["page=", 1],
    ["page=%20", 1],
    ["page=abc", 1],
    ["page=3&page=9", 3],
  ])("%s → page %s", (query, page) => {
    expect(parse(query).page).toBe(page);
  });

  it("keeps known values and drops the rest", () => {
    expect(parse("status=open&org=64b000000000000000000001&q=%20abcdefgh%20&unread=1")).toEqual({
      page: 1,
      status: "open",
      org: "64b000000000000000000001",
      q: "abcde",
      unread: true,
    });
    expect(parse("status=__proto__&org=not-an-id&q=%20%20&unread=yes&__proto__=x&constructor=y")).toEqual({
      page: 1,
      status: undefined,
      org: undefined,
      q: undefined,
      unread: false,
    });
    expect(parse("status=constructor").status).toBeUndefined();
  });

  it("reads a Request's or a URL string's query the same way", () => {
    expect(parseQuery(Schema, new Request("http://x.test/a?page=4")).page).toBe(4);
    expect(parseQuery(Schema, "/a?page=5").page).toBe(5);
  });
});

describe("parseFilterQuery: a filter given but unreadable is ignored and named", () => {
  const Filters = z.object({ org: idParam, risk: oneOf(["high", "low"]), page: pageParam });
  const labels = { org: "工会组织", risk: "风险等级" };

  it("reads good values and names none", () => {
    const { filters, invalid } = parseFilterQuery(
      Filters,
      new URLSearchParams("org=0123456789abcdef01234567&risk=high"),
      labels,
    );
    expect(filters).toEqual({ org: "0123456789abcdef01234567", risk: "high", page: 1 });
    expect(invalid).toEqual([]);
  });

  it("drops bad values, names them by label, and ignores empty ones and unlabelled fields", () => {
    const { filters, invalid } = parseFilterQuery(
      Filters,
      new URLSearchParams("org=123&risk=severe&page=abc"),
      labels,
    );
    expect(filters).toEqual({ org: undefined, risk: undefined, page: 1 });
    expect(invalid).toEqual(["工会组织", "风险等级"]);
    expect(parseFilterQuery(Filters, new URLSearchParams("org=&risk="), labels).invalid).toEqual([]);
  });
});
