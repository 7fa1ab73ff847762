import * as z from "zod";
import { parseForm, UserError } from "~/lib/http.server";

const form = (entries: [string, string][]) => {
  const data = new FormData();
  data.append("_csrf", "token");
  for (const [name, value] of entries) data.append(name, value);
  return data;
};

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return { message: error.message, fieldErrors: error.fieldErrors };
    if (error instanceof Response) return { status: error.status };
    throw error;
  }
  throw new Error("parsed");
}

const Invite = z.object({
  topic: z.string({ error: "请填写主题" }).trim().min(2, "请填写主题"),
  place: z.string().trim().max(10, "地点最多 10 字").optional(),
  enterpriseIds: z.array(z.string()).min(1, "请至少邀请一家企业"),
  seats: z.coerce.number({ error: "座位数须为数字" }).int().min(1, "至少 1 个座位"),
});

describe("parseForm: one way to read a form through its schema", () => {
  it("reads a field the schema declares as an array from none, one or several values", () => {
    const base: [string, string][] = [
      ["topic", "劳动法"],
      ["seats", "30"],
    ];
    expect(parseForm(form([...base, ["enterpriseIds", "a"]]), Invite).enterpriseIds).toEqual(["a"]);
    expect(
      parseForm(form([...base, ["enterpriseIds", "a"], ["enterpriseIds", "b"]]), Invite).enterpriseIds,
    ).toEqual(["a", "b"]);
    expect(refusal(() => parseForm(form(base), Invite))).toEqual({
      message: "请检查填写的内容",
      fieldErrors: { enterpriseIds: ["请至少邀请一家企业"] },
    });
  });

  it("takes an empty field as not given, and coerces numbers", () => {
    const value = parseForm(
      form([
        ["topic", " 劳动法 "],
        ["place", ""],
        ["enterpriseIds", "a"],
        ["seats", "30"],
      ]),
      Invite,
    );
    expect(value).toEqual({ topic: "劳动法", enterpriseIds: ["a"], seats: 30 });
    expect(
      refusal(() =>
        parseForm(
          form([
            ["topic", ""],
            ["enterpriseIds", "a"],
            ["seats", ""],
          ]),
          Invite,
        ),
      ),
    ).toEqual({
      message: "请检查填写的内容",
      fieldErrors: { topic: ["请填写主题"], seats: ["座位数须为数字"] },
    });
  });

  it("names the first problem as the message when the page shows only the message", () => {
    const bad = form([
      ["topic", "劳动法"],
      ["place", "一二三四五六七八九十十一"],
      ["seats", "0"],
    ]);
    expect(refusal(() => parseForm(bad, Invite, { firstProblemAsMessage: true }))).toEqual({
      message: "地点最多 10 字",
      fieldErrors: {
        place: ["地点最多 10 字"],
        enterpriseIds: ["请至少邀请一家企业"],
        seats: ["至少 1 个座位"],
      },
    });
  });

  it("refuses a missing or malformed hidden field (intent, version) with a 400, not a field message", () => {
    const Action = z.discriminatedUnion("intent", [
      z.object({ intent: z.literal("close"), version: z.coerce.number().int().nonnegative() }),
    ]);
    expect(
      refusal(() =>
        parseForm(
          form([
            ["intent", "close"],
            ["version", ""],
          ]),
          Action,
        ),
      ),
    ).toEqual({
      status: 400,
    });
    expect(
      refusal(() =>
        parseForm(
          form([
            ["intent", "open"],
            ["version", "1"],
          ]),
          Action,
        ),
      ),
    ).toEqual({
      status: 400,
    });
    expect(
      parseForm(
        form([
          ["intent", "close"],
          ["version", "3"],
        ]),
        Action,
      ),
    ).toEqual({
      intent: "close",
      version: 3,
    });
  });
});
