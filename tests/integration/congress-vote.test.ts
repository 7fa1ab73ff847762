/**
 * The congress vote through the services on the real database: submitting needs an agreed version; the
 * roster is all or nothing (typed or .xlsx) with composition warnings; the vote does not open below the
 * quorum; 50 concurrent submissions of one voter's ballot count once; a paper slip the two tellers entered
 * differently is not counted; the voter's receipt code is on the published list, which shows no choice,
 * and the codes number the ballots counted; and no stored record — in ANY collection written during the
 * vote — links a ballot to a voter.
 */
import ExcelJS from "exceljs";
import mongoose from "mongoose";
import { actingUser, type CurrentUser } from "~/services/accounts/auth.server";
import { UserError } from "~/lib/http.server";
import {
  callMeeting,
  castBallot,
  checkIn,
  closeVoting,
  confirmCount,
  enterPaperSlip,
  handPaperSlip,
  issuePaperSlips,
  openVote,
  publishedList,
  saveRoster,
  submitToCongress,
} from "~/services/votes/congress.server";
import JSZip from "jszip";
import { renderDocument } from "~/services/documents/documents.server";
import { sweepBargainingDeadlines } from "~/services/bargaining/sweep.server";
import {
  confirmReceipt,
  fileContract,
  recordApprovalNotice,
  signContract,
} from "~/services/votes/contract.server";
import { contractPage } from "~/services/votes/contract-page.server";
import { holidayCalendar } from "~/services/bargaining/context.server";
import { filingDeadline, resolveRuleSet, type Deadline } from "~/domain/bargaining";
import { addDays, todayInShanghai } from "~/domain/dates";
import { BargainingCase } from "../../models/bargaining-case";
import { getBlob } from "../../models/file-blob";
import { RenderedDocument } from "../../models/rendered-document";
import {
  BallotRecord,
  Congress,
  CongressVote,
  ContractRecord,
  CountedBallot,
  VotedMarker,
} from "../../models/congress";
import {
  makeEnterprise,
  makeOrg,
  makeUser,
  PASSWORD,
  rejectionOf,
  thrownStatus,
  type MadeUser,
} from "../support/factories";
import { createPdfWorkspace, run, squash } from "../support/pdf";
import { makeAgreedCase } from "../support/vote-case";

let chair: CurrentUser;
let hr: CurrentUser;
let teller2: CurrentUser;
let enterprise: Awaited<ReturnType<typeof makeEnterprise>>;
const voters: { made: MadeUser; user: CurrentUser; name: string }[] = [];
const ROSTER = 30;
const ONLINE = 26;

const as = async (made: MadeUser) => (await actingUser(made.id))!;

async function textOf(renderId: unknown) {
  await renderDocument(String(renderId));
  const bytes = await getBlob(RenderedDocument.hydrate({ _id: renderId })._id);
  const zip = await JSZip.loadAsync(bytes!);
  return zip.file("word/document.xml")!.async("string");
}
const caseVersion = async (id: string) => (await BargainingCase.findById(id).lean())!.version;

function rosterLines(n: number) {
  return Array.from({ length: n }, (_, i) => {
    const name = i < ONLINE ? `代表${String(i + 1).padStart(2, "0")}` : `纸质${i + 1}`;
    return `${name} E${1000 + i} ${i % 3 === 0 ? "女" : "男"} ${i % 2 === 0 ? "是" : "否"} 一车间`;
  }).join("\n");
}

beforeAll(async () => {
  const org = await makeOrg({ name: "表决测试区总工会" });
  enterprise = await makeEnterprise(org, { name: "表决测试机械有限公司" });
  chair = await as(await makeUser({ role: "chair", enterprise, displayName: "李主席" }));
  hr = await as(await makeUser({ role: "hr", enterprise, displayName: "张经理" }));
  teller2 = await as(await makeUser({ role: "rep", enterprise, displayName: "孙计票" }));
  for (let i = 0; i < ONLINE; i++) {
    const name = `代表${String(i + 1).padStart(2, "0")}`;
    const made = await makeUser({ role: "rep", enterprise, displayName: name });
    voters.push({ made, user: (await as(made))!, name });
  }
});

describe("submitting the draft", () => {
  it("is refused in Chinese while no version is agreed", async () => {
    const id = await makeAgreedCase({ enterprise, createdBy: chair.id, withDraft: false });
    const error = await rejectionOf(submitToCongress(chair, id, 0));
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain("尚未确定协商一致的草案稿次");
    expect((await BargainingCase.findById(id).lean())!.status).toBe("draft_agreed");
  });
});

describe("a vote of 30 representatives", () => {
  let caseId: string;
  let receipt: string;
  const ballotIds = new Set<string>();

  it("submits, refuses a bad roster whole, imports one from .xlsx with warnings and links accounts", async () => {
    caseId = await makeAgreedCase({ enterprise, createdBy: chair.id });
    expect(await thrownStatus(submitToCongress(hr, caseId, 0))).toBe(403);
    const saved = await submitToCongress(chair, caseId, 0);
    expect(saved.status).toBe("congress_vote");

    const bad = await rejectionOf(
      saveRoster(chair, caseId, 0, {
        kind: "congress",
        text: "王一 E1 男 是\n王二 E1 女 否\n王三 E3 人 是",
        employees: null,
        women: null,
      }),
    );
    expect((bad as Error).message).toContain("第3行“工号”");
    expect((bad as Error).message).toContain("第4行“性别”");
    expect(await Congress.findById(caseId).lean()).toBeNull();

    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("名单");
    sheet.addRow(["姓名", "工号", "性别", "是否一线职工", "选区"]);
    for (const line of rosterLines(ROSTER).split("\n")) sheet.addRow(line.split(" "));
    const file = new Uint8Array(await book.xlsx.writeBuffer());
    const { congress, warnings } = await saveRoster(chair, caseId, 0, {
      kind: "congress",
      text: "",
      employees: 600,
      women: 300,
      file,
    });
    expect(congress!.members).toHaveLength(ROSTER);
    expect(congress!.members.filter((m) => m.userId)).toHaveLength(ONLINE);
    // 10 women of 30 against half the workforce: a warning, not a refusal.
    expect(warnings.map((w) => w.code)).toEqual(["women_below_proportion"]);
  });

  it("does not open with 19 of 30 present; opens with 20 (《集体合同规定》第三十六条)", async () => {
    await callMeeting(chair, caseId, {
      heldOn: "2099-01-01",
      place: "职工之家",
      tellerUserIds: [hr.id, teller2.id],
    });
    const members = (await Congress.findById(caseId).lean())!.members;
    // 18 online voters and the two paper voters check in first: 20 in all, 19 at the first try.
    const present = [...members.slice(0, 18), ...members.slice(ONLINE, ONLINE + 2)];
    await checkIn(chair, caseId, { memberIds: present.slice(0, 19).map((m) => m.id), present: true });
    const refused = await rejectionOf(openVote(chair, caseId));
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as Error).message).toContain("实到19人");
    expect((refused as Error).message).toContain("至少20人");
    expect((refused as Error).message).toContain("《集体合同规定》第三十六条");
    await checkIn(chair, caseId, { memberIds: [present[19].id], present: true });
    const open = await openVote(chair, caseId);
    expect(open.status).toBe("open");
  });

  it("50 concurrent submissions of one voter's ballot: exactly one is counted", async () => {
    const voter = voters[0].user;
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => castBallot(voter, caseId, "approve")),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1);
    for (const r of results)
      if (r.status === "rejected") expect((r.reason as Error).message).toContain("只能投一票");
    receipt = (ok[0] as PromiseFulfilledResult<{ receiptCode: string }>).value.receiptCode;
    const vote = (await CongressVote.findById(`${caseId}:1`).lean())!;
    expect(await VotedMarker.countDocuments({ voteId: vote._id })).toBe(1);
    expect(await BallotRecord.countDocuments({ voteId: vote._id })).toBe(1);
  });

  it("the others vote; an absent voter cannot; paper slips are entered by both tellers", async () => {
    const absent = voters[20].user;
    expect(((await rejectionOf(castBallot(absent, caseId, "approve"))) as Error).message).toContain(
      "尚未签到",
    );
    expect(await thrownStatus(castBallot(hr, caseId, "approve"))).toBe(403);
    // 15 approve in all, 2 oppose, 1 abstains online.
    for (let i = 1; i < 18; i++)
      await castBallot(voters[i].user, caseId, i < 15 ? "approve" : i < 17 ? "oppose" : "abstain");
    for (const b of await BallotRecord.find({}).lean()) ballotIds.add(b._id);
    const { codes } = await issuePaperSlips(chair, caseId, 2);
    const members = (await Congress.findById(caseId).lean())!.members;
    await handPaperSlip(chair, caseId, members[ONLINE].id);
    await handPaperSlip(chair, caseId, members[ONLINE + 1].id);
    expect(
      ((await rejectionOf(handPaperSlip(chair, caseId, members[ONLINE].id))) as Error).message,
    ).toContain("已经投过票");
    await closeVoting(chair, caseId);
    expect(((await rejectionOf(castBallot(voters[19].user, caseId, "approve"))) as Error).message).toContain(
      "截止",
    );
    expect(
      await thrownStatus(enterPaperSlip(chair, caseId, { receiptCode: codes[0], choice: "approve" })),
    ).toBe(403);
    // Slip 0: both tellers read 同意. Slip 1: one read 同意, the other 不同意 → not counted.
    await enterPaperSlip(hr, caseId, { receiptCode: codes[0], choice: "approve" });
    await enterPaperSlip(teller2, caseId, { receiptCode: codes[0].toLowerCase(), choice: "approve" });
    await enterPaperSlip(hr, caseId, { receiptCode: codes[1], choice: "approve" });
    await enterPaperSlip(teller2, caseId, { receiptCode: codes[1], choice: "oppose" });
  });

  it("the count: 16 approvals of 30 pass (15 needed); the disagreeing slip is not counted; codes = ballots, no choice", async () => {
    const { result, case: saved } = await confirmCount(chair, caseId, await caseVersion(caseId));
    expect(result.counts).toEqual({ approve: 16, oppose: 2, abstain: 1, total: 19 });
    expect(result.paper).toEqual({ approve: 1, oppose: 0, abstain: 0, total: 1 });
    expect(result.notCast).toBe(1);
    expect(result.passed).toBe(true);
    expect(result.sourceLabel).toBe("《集体合同规定》第三十六条");
    expect(saved.status).toBe("approved");
    const list = (await publishedList(`${caseId}:1`))!;
    expect(list.codes).toContain(receipt);
    expect(list.count).toBe(result.counts.total);
    expect(list.codes).toEqual([...list.codes].sort());
    // Codes only (no choice beside any of them); the totals stand apart.
    expect(list.codes.every((c) => /^[2-9A-HJ-NP-Z]{10}$/.test(c))).toBe(true);
    expect(JSON.stringify(list)).not.toMatch(/choice|同意|不同意|弃权/);
    expect(Object.keys(list).sort()).toEqual(["codes", "count", "totals"]);
    // The live ballots are gone; the counted ones are stored in code order under keys that follow the code.
    expect(await BallotRecord.countDocuments({ voteId: `${caseId}:1` })).toBe(0);
    const counted = await CountedBallot.find({ voteId: `${caseId}:1` }).lean();
    expect(counted).toHaveLength(result.counts.total);
    expect(counted.map((b) => b.receiptCode)).toEqual(list.codes);
  });

  it("no record in any collection links a ballot to a voter", async () => {
    const members = (await Congress.findById(caseId).lean())!.members;
    const counted = await CountedBallot.find({ voteId: `${caseId}:1` }).lean();
    const ballotMarks = [...counted.map((b) => b.receiptCode), ...counted.map((b) => b._id), ...ballotIds];
    const voterMarks = [
      ...members.flatMap((m) => [m.id, m.name, m.employeeNo, ...(m.userId ? [String(m.userId)] : [])]),
      ...voters.map((v) => v.made.accountName),
    ];
    const db = mongoose.connection.db!;
    const names = (await db.listCollections().toArray()).map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining(["congress_voted", "congress_counted_ballots", "congress_codes"]),
    );
    let inspected = 0;
    for (const name of names) {
      for (const doc of await db.collection(name).find({}).toArray()) {
        inspected += 1;
        // Binary fields (file blobs: Word files, render inputs) are read as text too.
        const text = JSON.stringify(doc, (_k, v: unknown) =>
          v &&
          typeof v === "object" &&
          "buffer" in (v as object) &&
          (v as { sub_type?: number }).sub_type !== undefined
            ? Buffer.from((v as { buffer: Uint8Array }).buffer).toString("utf8")
            : v,
        );
        const ballot = ballotMarks.find((m) => text.includes(m));
        const voter = voterMarks.find((m) => text.includes(`"${m}"`) || text.includes(`:${m}"`));
        if (ballot && voter)
          throw new Error(`${name} 中的记录同时含有选票标识 ${ballot} 和投票人标识 ${voter}`);
      }
    }
    expect(inspected).toBeGreaterThan(50);
    // A ballot holds exactly its vote, choice, code, channel and day; a marker no choice and no code.
    for (const b of counted)
      expect(Object.keys(b).sort()).toEqual(["_id", "choice", "day", "paper", "receiptCode", "voteId"]);
    for (const m of await VotedMarker.find({ voteId: `${caseId}:1` }).lean()) {
      expect(Object.keys(m).sort()).toEqual(["_id", "channel", "memberId", "voteId"]);
    }
  });

  it("both chiefs sign at once with their passwords; the text is frozen and its hash printed on the Word file", async () => {
    const wrong = await rejectionOf(signContract(chair, caseId, { side: "employee", password: "nope1234" }));
    expect((wrong as Error).message).toContain("密码不正确");
    expect(await thrownStatus(signContract(hr, caseId, { side: "employee", password: PASSWORD }))).toBe(403);
    await Promise.all([
      signContract(chair, caseId, { side: "employee", password: PASSWORD }),
      signContract(hr, caseId, { side: "employer", password: PASSWORD }),
    ]);
    const doc = (await BargainingCase.findById(caseId).lean())!;
    expect(doc.status).toBe("signed");
    expect(doc.deadlines.find((d) => d.key === "filing")?.sourceLabel).toBe("《集体合同规定》第四十二条");
    const record = (await ContractRecord.findById(`${caseId}:v1`).lean())!;
    expect(record.signatures.employee?.chiefName).toBe("李主席");
    expect(record.signatures.employer?.byName).toBe("张经理");
    expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(record.canonicalText).toContain("第一章");
    const xml = await textOf(record.contractRenderId);
    expect(xml).toContain(record.hash.slice(0, 8));
    expect(xml).toContain("第一条");
  });

  it("the employer files with the letter; the receipt starts the review; the sweep puts it in effect", async () => {
    const day = (await BargainingCase.findById(caseId).lean())!.dates.signedOn!;
    const filed = await fileContract(hr, caseId, await caseVersion(caseId), {
      authority: "表决测试区人力资源和社会保障局",
      filedOn: day,
      copies: 3,
      contactName: "张经理",
    });
    expect(filed.status).toBe("filed");
    const record = (await ContractRecord.findById(`${caseId}:v1`).lean())!;
    const letter = await textOf(record.filing!.renderId);
    expect(letter).toContain("表决测试区人力资源和社会保障局");
    expect(letter).toContain("附件");
    const review = await confirmReceipt(chair, caseId, await caseVersion(caseId), {
      side: "employee",
      receivedOn: day,
    });
    expect(review.status).toBe("under_review");
    const effective = review.deadlines.find((d) => d.key === "effective")!;
    // Nothing moves before the effective date…
    await sweepBargainingDeadlines(new Date(`${day}T12:00:00+08:00`));
    expect((await BargainingCase.findById(caseId).lean())!.status).toBe("under_review");
    // …and on it, with no objection, the sweep puts the contract in effect.
    await sweepBargainingDeadlines(new Date(`${effective.dueOn}T09:00:00+08:00`));
    const done = (await BargainingCase.findById(caseId).lean())!;
    expect(done.status).toBe("in_effect");
    expect(done.dates.effectiveOn).toBe(effective.dueOn);
  });
  it("as LibreOffice prints them: 表决结果 with the counts, the rule and its article; the signed contract with its hash; the filing letter", async () => {
    const vote = (await CongressVote.findById(`${caseId}:1`).lean())!;
    const record = (await ContractRecord.findById(`${caseId}:v1`).lean())!;
    const ids = {
      vote: String(vote.resultRenderId),
      signed: String(record.contractRenderId),
      filing: String(record.filing!.renderId),
    };
    const files: Record<string, Uint8Array> = {};
    for (const [name, id] of Object.entries(ids)) {
      await renderDocument(id);
      files[name] = new Uint8Array((await getBlob(RenderedDocument.hydrate({ _id: id })._id))!);
    }
    const pdf = createPdfWorkspace("congress-vote-pdf");
    try {
      const pages = await pdf.convert(files);
      for (const name of Object.keys(files)) await pdf.savePages(name, `congress-${name}`);
      const text = (name: string) => squash(pages[name].join(""));
      for (const [name, printed] of Object.entries(pages)) {
        printed.forEach((page, i) => expect(squash(page)).toContain(`—${i + 1}—`));
        for (const bad of ["undefined", "null", "NaN", "[object"]) expect(text(name)).not.toContain(bad);
      }

      // 表决结果: attendance, the counts by channel, the rule with its article, the verdict, every code.
      const result = text("vote");
      expect(result).toContain("应到职工代表30人，实到20人");
      expect(result).toContain("（至少20人）");
      expect(result).toContain("网上投票152118纸质选票1001合计162119");
      expect(result).toContain("出席未投票1人");
      expect(result).toContain(
        "同意票须达到全体职工代表半数以上（至少15票），依据《集体合同规定》第三十六条。",
      );
      expect(result).toContain("结论：同意16票，达到全体职工代表半数以上，草案获得通过。");
      // Said once each: the conclusion does not repeat attendance, the counts or the article.
      expect(result.split("应到").length - 1).toBe(1);
      expect(result.split("第三十六条").length - 1).toBe(1);
      const codes = (await publishedList(`${caseId}:1`))!.codes;
      expect(result).toContain(`共${codes.length}个`);
      for (const code of codes) expect(result).toContain(`${code.slice(0, 5)}-${code.slice(5)}`);
      expect(result).toContain("计票人：张经理、孙计票");

      // The signed contract: the frozen text numbered 第一章 / 第一条, the vote, both chiefs, the hash.
      const signed = text("signed");
      // The text as read on paper, line by line (pdftotext's default order mixes the 黑体 chapter headings
      // and article labels into one column): without the running header and the page numbers that fall
      // between the lines of an article spanning two pages, and without the punctuation pdftotext drops at a
      // line's end.
      const header = `签订文本摘要（SHA-256）：${record.hash.slice(0, 32)}…`;
      const bare = (s: string) => squash(s).replace(/[，、。；：！？,.;:!?]/g, "");
      const { stdout: laidOut } = await run("pdftotext", [
        "-layout",
        "-enc",
        "UTF-8",
        pdf.pdfPath("signed"),
        "-",
      ]);
      const laidPages = laidOut.split("\f").slice(0, -1).map(squash);
      const running = bare(laidPages.map((p) => p.split(header).join("").replace(/—\d+—/g, "")).join(""));
      const canonical = record.canonicalText.split("\n");
      expect(signed).toContain(squash(canonical[0].replace(/（草案）$/, "")));
      expect(canonical.length).toBeGreaterThan(40);
      for (const line of canonical.slice(1)) expect(running).toContain(bare(line));
      expect(signed).toContain("第一章");
      expect(signed).toContain("第一条");
      expect(signed).toContain("审议通过（同意16票）");
      expect(signed).toContain("首席代表（签字）：李主席");
      expect(signed).toContain("首席代表（签字）：张经理");
      expect(signed).toContain(`签订文本摘要（SHA-256）：${record.hash}`);
      expect(laidPages).toHaveLength(pages.signed.length);
      laidPages.forEach((page) => expect(page).toContain(header));
      expect(signed.indexOf(record.hash)).toBeLessThan(signed.indexOf("首席代表（签字）"));

      // The filing letter: the authority, the article, the attachments numbered as GB/T 9704 sets them.
      const letter = text("filing");
      expect(letter).toContain("表决测试区人力资源和社会保障局：");
      expect(letter).toContain("根据《集体合同规定》第四十二条的规定");
      expect(letter).toContain("报送贵局，请予审查。");
      expect(letter).not.toMatch(/审查.{0,4}请予审查/);
      expect(letter).toContain("附件：1．《集体合同》文本一式3份");
      expect(letter).toContain(record.hash);
    } finally {
      pdf.cleanup();
    }
  }, 240_000);
});

/** A congress of three (an assembly, all present) that votes `choices` and closes the voting. */
async function threeVoterAssembly(
  caseId: string,
  tag: string,
  choices: ("approve" | "oppose" | "abstain")[],
) {
  await submitToCongress(chair, caseId, 0);
  await saveRoster(chair, caseId, 0, {
    kind: "assembly",
    text: voters
      .slice(0, 3)
      .map((v, i) => `${v.name} ${tag}${i} 男 是`)
      .join("\n"),
    employees: 3,
    women: 0,
  });
  await callMeeting(chair, caseId, { heldOn: "2099-01-01", place: "", tellerUserIds: [hr.id, teller2.id] });
  const members = (await Congress.findById(caseId).lean())!.members;
  await checkIn(chair, caseId, { memberIds: members.map((m) => m.id), present: true });
  await openVote(chair, caseId);
  for (const [i, choice] of choices.entries()) await castBallot(voters[i].user, caseId, choice);
  await closeVoting(chair, caseId);
}

describe("a failed vote", () => {
  it("sends the draft back to the rounds with the result attached", async () => {
    const caseId = await makeAgreedCase({ enterprise, createdBy: chair.id });
    await threeVoterAssembly(caseId, "F", ["approve", "oppose", "oppose"]);
    const { result, case: saved } = await confirmCount(chair, caseId, await caseVersion(caseId));
    expect(result.passed).toBe(false);
    expect(saved.status).toBe("in_rounds");
    expect(saved.events.at(-1)?.note).toContain("草案未获通过");
    expect(saved.events.at(-1)?.action).toBe("record_vote_failed");
  });
});

/**
 * bargaining.md, regional rules: the filing period runs from signing under the national rule set (集体合同规定
 * 第42条) and, in 上海, from the employer's receipt of the union's written notice that the congress approved
 * the draft (上海市集体合同条例 第23条). The vote, the signing and the notice all happen today in a test, so
 * the history is moved back in the database (vote 20 days ago, signed 18 days ago) before the notice of 5
 * days ago is recorded: the two triggers then give different days.
 */
describe("the filing period's trigger under the rule set", () => {
  const daysAgo = (n: number) => addDays(todayInShanghai(new Date()), -n);

  async function signedCase(ruleSetId: "national" | "shanghai") {
    const caseId = await makeAgreedCase({ enterprise, createdBy: chair.id, ruleSetId });
    await threeVoterAssembly(caseId, "S", ["approve", "approve", "approve"]);
    expect((await confirmCount(chair, caseId, await caseVersion(caseId))).result.passed).toBe(true);
    await signContract(chair, caseId, { side: "employee", password: PASSWORD });
    await signContract(hr, caseId, { side: "employer", password: PASSWORD });
    return caseId;
  }

  /** The vote 20 days ago, the signatures 18 days ago. */
  async function moveHistoryBack(caseId: string) {
    await CongressVote.updateOne({ _id: `${caseId}:1` }, { $set: { day: daysAgo(20) } });
    await BargainingCase.updateOne({ _id: caseId }, { $set: { "dates.signedOn": daysAgo(18) } });
  }

  it("上海: no filing deadline at signing; the notice's receipt starts it, with 上海's rule set and article", async () => {
    const caseId = await signedCase("shanghai");
    const signed = (await BargainingCase.findById(caseId).lean())!;
    expect(signed.status).toBe("signed");
    expect(signed.deadlines.find((d) => d.key === "filing")).toBeUndefined();
    const page = await contractPage(hr, caseId);
    expect(page.approvalNoticeRule).toBe(true);
    expect(page.filingRule).toEqual({
      ruleSetName: "上海市",
      sourceLabel: "《上海市集体合同条例》第二十三条",
    });

    await moveHistoryBack(caseId);
    const version = await caseVersion(caseId);
    // Only the employer records it, and never before the vote.
    expect(await thrownStatus(recordApprovalNotice(chair, caseId, version, { receivedOn: daysAgo(5) }))).toBe(
      403,
    );
    const early = await rejectionOf(recordApprovalNotice(hr, caseId, version, { receivedOn: daysAgo(21) }));
    expect((early as Error).message).toContain("不能早于职代会表决日期");

    const saved = await recordApprovalNotice(hr, caseId, version, { receivedOn: daysAgo(5) });
    expect(saved.dates.approvalNoticeReceivedOn).toBe(daysAgo(5));
    const filing = saved.deadlines.find((d) => d.key === "filing")!;
    const expected = filingDeadline(
      { signedOn: daysAgo(18), approvalNoticeReceivedOn: daysAgo(5) },
      resolveRuleSet("shanghai"),
      await holidayCalendar(),
    ) as Deadline;
    expect(filing.rawDueOn).toBe(addDays(daysAgo(5), 10));
    expect(filing.dueOn).toBe(expected.date);
    expect(filing.rawDueOn).not.toBe(addDays(daysAgo(18), 10));
    expect(filing).toMatchObject({
      ruleSetId: "shanghai",
      ruleSetName: "上海市",
      sourceLabel: "《上海市集体合同条例》第二十三条",
      source: { statute: "上海市集体合同条例", article: "23" },
      owedBy: "employer",
    });
    expect(filing.reason).toContain("自企业收到职工方书面告知草案通过之日起10日内");
    // The contract page shows it with its rule set and article.
    const shown = (await contractPage(hr, caseId)).deadlines.find((d) => d.key === "filing")!;
    expect(shown).toMatchObject({ dueOn: expected.date, ruleSetName: "上海市" });
    expect(shown.sourceLabel).toBe("《上海市集体合同条例》第二十三条");
  });

  it("national: the filing deadline runs from signing, whatever notice is recorded (《集体合同规定》第四十二条)", async () => {
    const caseId = await signedCase("national");
    const atSigning = (await BargainingCase.findById(caseId).lean())!.deadlines.find(
      (d) => d.key === "filing",
    )!;
    expect(atSigning.rawDueOn).toBe(addDays(todayInShanghai(new Date()), 10));

    await moveHistoryBack(caseId);
    const saved = await recordApprovalNotice(hr, caseId, await caseVersion(caseId), {
      receivedOn: daysAgo(5),
    });
    const filing = saved.deadlines.find((d) => d.key === "filing")!;
    const expected = filingDeadline(
      { signedOn: daysAgo(18) },
      resolveRuleSet("national"),
      await holidayCalendar(),
    ) as Deadline;
    expect(filing.rawDueOn).toBe(addDays(daysAgo(18), 10));
    expect(filing.dueOn).toBe(expected.date);
    expect(filing).toMatchObject({
      ruleSetId: "national",
      sourceLabel: "《集体合同规定》第四十二条",
      source: { statute: "集体合同规定", article: "42" },
    });
    expect(filing.reason).toContain("自双方首席代表签字之日起10日内");
    expect((await contractPage(hr, caseId)).filingRule.sourceLabel).toBe("《集体合同规定》第四十二条");
  });
});
