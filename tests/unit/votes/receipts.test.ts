import {
  RECEIPT_ALPHABET,
  RECEIPT_LENGTH,
  checkVoteInvariants,
  formatReceiptCode,
  generateReceiptCode,
  generateReceiptCodes,
  isOnPublishedList,
  isReceiptCode,
  normalizeReceiptCode,
  publishReceiptList,
  randomRecordId,
  type RandomBytes,
} from "~/domain/votes/receipts";
import type { Ballot } from "~/domain/votes/tally";
import { randomBytes } from "node:crypto";

/** A fixed byte sequence, cycling: tests see exactly which code comes out. */
function sequence(...bytes: number[]): RandomBytes {
  let i = 0;
  return (n) => Uint8Array.from({ length: n }, () => bytes[i++ % bytes.length]);
}

const crypto: RandomBytes = (n) => new Uint8Array(randomBytes(n));

describe("receipt codes", () => {
  it("has 32 unambiguous characters, so a byte maps without bias", () => {
    expect(RECEIPT_ALPHABET).toHaveLength(32);
    expect(new Set(RECEIPT_ALPHABET).size).toBe(32);
    expect(RECEIPT_ALPHABET).not.toMatch(/[01IO]/);
  });

  it("maps the injected bytes to characters", () => {
    expect(generateReceiptCode(sequence(0, 1, 2, 31, 32, 255, 8, 9, 10, 100))).toBe("234Z2ZABC6");
  });

  it("generates 10-character codes from a real random source", () => {
    const code = generateReceiptCode(crypto);
    expect(code).toHaveLength(RECEIPT_LENGTH);
    expect(isReceiptCode(code)).toBe(true);
  });

  it("refuses a random source that returns too few bytes", () => {
    expect(() => generateReceiptCode(() => new Uint8Array(3))).toThrow(RangeError);
  });

  it("draws distinct codes for paper slips, avoiding codes already taken", () => {
    const taken = new Set([generateReceiptCode(sequence(0))]);
    const random = sequence(
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      1,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      2,
      2,
      2,
      2,
      2,
      2,
      2,
      2,
      2,
      2,
    );
    expect(generateReceiptCodes(2, random, taken)).toEqual(["3333333333", "4444444444"]);
    const many = generateReceiptCodes(1000, crypto);
    expect(new Set(many).size).toBe(1000);
    expect(() => generateReceiptCodes(2, sequence(7))).toThrow("随机数来源不可用");
  });

  it("reads what a voter typed", () => {
    expect(normalizeReceiptCode(" abcde-fgh23 ")).toBe("ABCDEFGH23");
    expect(normalizeReceiptCode("ABCDE FGH23")).toBe("ABCDEFGH23");
    expect(normalizeReceiptCode("ABCDE-FGH2O")).toBeNull();
    expect(normalizeReceiptCode("ABCDE")).toBeNull();
    expect(formatReceiptCode("ABCDEFGH23")).toBe("ABCDE-FGH23");
  });

  it("makes random record ids, so storage order does not follow casting", () => {
    expect(randomRecordId(sequence(0, 255, 16))).toBe("00ff1000ff1000ff1000ff1000ff1000");
    expect(randomRecordId(crypto)).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("the published list", () => {
  const ballots: Ballot[] = [
    { choice: "approve", receiptCode: "ZZZZZ22222", paper: false },
    { choice: "oppose", receiptCode: "AAAAA22222", paper: false },
    { choice: "approve", receiptCode: "MMMMM22222", paper: true },
  ];

  it("holds every code, sorted, beside the totals, and no choice", () => {
    const list = publishReceiptList(ballots);
    expect(list).toEqual({
      codes: ["AAAAA22222", "MMMMM22222", "ZZZZZ22222"],
      count: 3,
      totals: { approve: 2, oppose: 1, abstain: 0, total: 3 },
    });
    expect(Object.keys(list).sort()).toEqual(["codes", "count", "totals"]);
    expect(list.codes.every((c) => typeof c === "string" && isReceiptCode(c))).toBe(true);
    expect(JSON.stringify(list.codes)).not.toMatch(/approve|oppose|abstain|同意|弃权/);
  });

  it("lets a voter find their code however they type it", () => {
    const list = publishReceiptList(ballots);
    expect(isOnPublishedList(list, "mmmmm-22222")).toBe(true);
    expect(isOnPublishedList(list, "BBBBB22222")).toBe(false);
    expect(isOnPublishedList(list, "nonsense")).toBe(false);
  });

  it("keeps the order independent of the order of casting", () => {
    expect(publishReceiptList([...ballots].reverse()).codes).toEqual(publishReceiptList(ballots).codes);
  });
});

describe("checkVoteInvariants", () => {
  const ballots: Ballot[] = Array.from({ length: 20 }, (_, i) => ({
    choice: i < 15 ? "approve" : "oppose",
    receiptCode: generateReceiptCode(sequence(i, i + 1, i + 2, i + 3, i + 4, 5, 6, 7, 8, 9)),
    paper: i >= 18,
  }));

  it("holds when the codes equal the ballots", () => {
    const published = publishReceiptList(ballots);
    expect(published.count).toBe(ballots.length);
    expect(checkVoteInvariants({ ballots, published, onlineMarkers: 18, present: 20 })).toEqual([]);
  });

  it("reports each broken rule", () => {
    const published = publishReceiptList(ballots);
    const short = { ...published, codes: published.codes.slice(1), count: 19 };
    expect(checkVoteInvariants({ ballots, published: short, onlineMarkers: 18, present: 20 })).toEqual([
      "公布的回执码数（19）与选票数（20）不一致",
      "有1张选票的回执码不在公布名单中",
      "票数合计（20）与回执码数（19）不一致",
    ]);
    const doubled = { ...published, codes: [...published.codes.slice(1), published.codes[1]] };
    expect(checkVoteInvariants({ ballots, published: doubled, onlineMarkers: 18, present: 20 })).toEqual([
      "公布的回执码有重复",
      "有1张选票的回执码不在公布名单中",
    ]);
    expect(checkVoteInvariants({ ballots, published, onlineMarkers: 19, present: 19 })).toEqual([
      "网上投票的选票数（18）与已投票标记数（19）不一致",
      "选票数（20）超过出席人数（19）",
    ]);
  });
});
