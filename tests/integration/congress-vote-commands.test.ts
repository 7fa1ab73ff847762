/**
 * What one ballot costs the database: the vote route's action reads the session, the account, the voter's
 * pass and the vote — small documents, each by key — and inserts the has-voted marker and the ballot. It
 * reads neither the case, its organisation, the roster nor the draft, and its answer is the receipt alone
 * (the page keeps its data). A regression that adds a read fails here before it slows the congress vote
 * (bench/vote.ts: 1,000 voters in a minute).
 */
import mongoose from "mongoose";
import { actingUser, type CurrentUser } from "~/services/accounts/auth.server";
import { keepsPage, revalidateUnlessKept } from "~/lib/keep-page";
import {
  callMeeting,
  checkIn,
  closeVoting,
  openVote,
  saveRoster,
  submitToCongress,
} from "~/services/votes/congress.server";
import { action, loader } from "~/routes/bargaining.cases.$id_.vote";
import { Congress, VoterPass } from "../../models/congress";
import {
  formRequest,
  makeEnterprise,
  makeOrg,
  makeUser,
  pageRequest,
  signInAs,
  type Browser,
} from "../support/factories";
import { makeAgreedCase } from "../support/vote-case";

const VOTERS = 4;
let caseId: string;
let chair: CurrentUser;
const browsers: Browser[] = [];

/** The collection and method of every operation mongoose sends while `run` runs. */
async function commandsOf<T>(run: () => Promise<T>): Promise<{ result: T; commands: string[] }> {
  const commands: string[] = [];
  mongoose.set("debug", (collection: string, method: string) => {
    commands.push(`${collection}.${method}`);
  });
  try {
    return { result: await run(), commands };
  } finally {
    mongoose.set("debug", false);
  }
}

const cast = (browser: Browser, choice: string) => {
  const context: { ballotCast?: boolean } = {};
  const request = formRequest(browser, `/bargaining/cases/${caseId}/vote`, { intent: "cast", choice });
  return { context, run: () => action({ request, params: { id: caseId }, context }) };
};

beforeAll(async () => {
  const org = await makeOrg({ name: "选票开销区总工会" });
  const enterprise = await makeEnterprise(org, { name: "选票开销有限公司" });
  const chairMade = await makeUser({ role: "chair", enterprise, displayName: "开销主席" });
  const hrMade = await makeUser({ role: "hr", enterprise, displayName: "开销人事" });
  chair = (await actingUser(chairMade.id))!;
  const lines: string[] = [];
  for (let i = 0; i < VOTERS; i++) {
    const made = await makeUser({ role: "rep", enterprise, displayName: `开销代表${i}` });
    browsers.push(await signInAs(made));
    lines.push(`开销代表${i} K${i} ${i % 2 ? "女" : "男"} 是`);
  }
  caseId = await makeAgreedCase({ enterprise, createdBy: chair.id });
  await submitToCongress(chair, caseId, 0);
  await saveRoster(chair, caseId, 0, {
    kind: "congress",
    text: lines.join("\n"),
    employees: null,
    women: null,
  });
  await callMeeting(chair, caseId, { heldOn: "2099-01-01", place: "", tellerUserIds: [chair.id, hrMade.id] });
  const members = (await Congress.findById(caseId).lean())!.members;
  // The last voter is not checked in: no pass, and the full path refuses them in Chinese.
  await checkIn(chair, caseId, { memberIds: members.slice(0, VOTERS - 1).map((m) => m.id), present: true });
  await openVote(chair, caseId);
});

it("opening the vote gives each present voter with an account a pass, and nobody else", async () => {
  const passes = await Promise.all(browsers.map((b) => VoterPass.findById(`${caseId}:${b.user.id}`).lean()));
  expect(passes.map((p) => !!p)).toEqual([true, true, true, false]);
  expect(Object.keys(passes[0]!).sort()).toEqual(["_id", "memberId", "voteId"]);
});

it("a ballot is six operations, all by key: session, account, pass, vote, marker, ballot", async () => {
  const { context, run } = cast(browsers[0], "approve");
  const { result, commands } = await commandsOf(run);
  expect(result).toMatchObject({ ok: true, receiptCode: expect.stringMatching(/^[2-9A-HJ-NP-Z]{10}$/) });
  expect(commands).toEqual([
    "sessions.findOne",
    "users.findOne",
    "congress_voter_passes.findOne",
    "congress_votes.findOne",
    "congress_voted.insertOne",
    "congress_ballots.insertOne",
  ]);
  // The page keeps its data (no reload of the draft after the post); a post without JavaScript renders
  // the page in the same request, and its loader then leaves the draft out.
  expect(keepsPage(result)).toBe(true);
  expect(context.ballotCast).toBe(true);
  const args = {
    currentUrl: new URL("http://app.test/x"),
    nextUrl: new URL("http://app.test/x"),
    defaultShouldRevalidate: true,
  } as Parameters<typeof revalidateUnlessKept>[0];
  expect(revalidateUnlessKept({ ...args, actionResult: result })).toBe(false);
  expect(revalidateUnlessKept({ ...args, actionResult: { ok: false } })).toBe(true);
  const page = await loader({
    request: pageRequest(browsers[0], `/bargaining/cases/${caseId}/vote`),
    params: { id: caseId },
    context,
  });
  expect(page.draft).toBeNull();
  const fresh = await loader({
    request: pageRequest(browsers[0], `/bargaining/cases/${caseId}/vote`),
    params: { id: caseId },
    context: {},
  });
  expect(fresh.draft?.chapters.length).toBeGreaterThan(0);
  expect(fresh.voted).toBe(true);
});

it("a second ballot of the same voter is refused in Chinese without reading more", async () => {
  const { run } = cast(browsers[0], "oppose");
  const { result, commands } = await commandsOf(run);
  expect(JSON.stringify(result)).toContain('"status":400');
  expect(JSON.stringify(result)).toContain("您已经投过票，每人只能投一票");
  expect(commands.length).toBeLessThanOrEqual(5);
});

it("a voter not checked in takes the full path and is told why; after the close a pass is not enough", async () => {
  const { run: absent } = cast(browsers[3], "approve");
  expect(JSON.stringify(await absent())).toContain("尚未签到");
  await closeVoting(chair, caseId);
  const { run: late } = cast(browsers[1], "approve");
  expect(JSON.stringify(await late())).toContain("截止");
});
