import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { FormError, useActionNotice } from "~/components/form-bits";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { attemptKeepingInput, isFailure, parseForm } from "~/lib/http.server";
import { congressPage } from "~/services/votes/congress-page.server";
import {
  callMeeting,
  checkIn,
  closeVoting,
  confirmCount,
  enterPaperSlip,
  handPaperSlip,
  issuePaperSlips,
  linkMember,
  openVote,
  saveRoster,
  submitToCongress,
} from "~/services/votes/congress.server";

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: `${page?.kindLabel ?? "职工代表大会"}表决 · ${page?.case.title ?? ""} · 工会协商通` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return congressPage(user, params.id ?? "");
}

const ROSTER_FILE_BYTES = 2 * 1024 * 1024;
const version = z.coerce.number({ error: "缺少版本号，请刷新后重试" }).int().nonnegative();
const count = z.preprocess(
  (v) => (v === "" || v === undefined ? null : v),
  z.coerce.number().int().min(0).max(10_000_000).nullable(),
);
const choice = z.enum(["approve", "oppose", "abstain"], { error: "请选择选票上的意见" });

const CongressAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("submit"), version }),
  z.object({
    intent: z.literal("roster"),
    version,
    kind: z.enum(["congress", "assembly"], { error: "请选择会议形式" }),
    text: z.string().max(200_000, "名单过长，请改用 Excel 导入").default(""),
    employees: count,
    women: count,
    file: z.instanceof(File).optional(),
  }),
  z.object({
    intent: z.literal("link"),
    version,
    memberId: z.string().min(1).max(40),
    userId: z.string().max(24).default(""),
  }),
  z.object({
    intent: z.literal("meeting"),
    heldOn: z.string({ error: "请填写会议日期" }).regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD"),
    place: z.string().trim().max(100, "不超过100字").default(""),
    teller1: z.string({ error: "请选择计票人" }).max(24),
    teller2: z.string({ error: "请选择计票人" }).max(24),
  }),
  z.object({
    intent: z.literal("checkin"),
    memberIds: z.array(z.string().max(40)).max(10_000).default([]),
    present: z.enum(["true", "false"]).default("true"),
  }),
  z.object({ intent: z.literal("open") }),
  z.object({
    intent: z.literal("slips"),
    count: z.coerce.number({ error: "请填写张数" }).int().min(1, "至少1张").max(10_000),
  }),
  z.object({ intent: z.literal("handSlip"), memberId: z.string().min(1).max(40) }),
  z.object({ intent: z.literal("close") }),
  z.object({
    intent: z.literal("paper"),
    receiptCode: z.string().trim().min(1, "请填写选票编号").max(20),
    choice,
  }),
  z.object({ intent: z.literal("count"), version }),
]);

const DONE: Record<string, string> = {
  submit: "草案已提交审议",
  roster: "名单已保存",
  link: "账号关联已保存",
  meeting: "会议已召集，请为出席人员签到",
  checkin: "签到已更新",
  open: "表决已开始",
  slips: "纸质选票已生成",
  handSlip: "已登记领取纸质选票",
  close: "投票已截止，请计票人录入纸质选票",
  paper: "已录入",
  count: "计票结果已确认",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request, { maxFileBytes: ROSTER_FILE_BYTES });
  const id = params.id ?? "";
  const result = await attemptKeepingInput(async () => {
    const input = parseForm(form, CongressAction);
    switch (input.intent) {
      case "submit":
        await submitToCongress(user, id, input.version);
        break;
      case "roster": {
        const file =
          input.file && input.file.size > 0 ? new Uint8Array(await input.file.arrayBuffer()) : null;
        const { warnings } = await saveRoster(user, id, input.version, { ...input, file });
        return {
          ok: true as const,
          message: warnings.length
            ? `名单已保存；请注意：${warnings.map((w) => w.message).join("；")}`
            : DONE.roster,
        };
      }
      case "link":
        await linkMember(user, id, input.version, input);
        break;
      case "meeting":
        await callMeeting(user, id, { ...input, tellerUserIds: [input.teller1, input.teller2] });
        break;
      case "checkin":
        await checkIn(user, id, { memberIds: input.memberIds, present: input.present === "true" });
        break;
      case "open":
        await openVote(user, id);
        break;
      case "slips":
        await issuePaperSlips(user, id, input.count);
        break;
      case "handSlip":
        await handPaperSlip(user, id, input.memberId);
        break;
      case "close":
        await closeVoting(user, id);
        break;
      case "paper": {
        const saved = await enterPaperSlip(user, id, input);
        return { ok: true as const, message: `已录入选票 ${saved.receiptCode}` };
      }
      case "count":
        await confirmCount(user, id, input.version);
        break;
    }
    return { ok: true as const, message: DONE[input.intent] };
  });
  if (isFailure(result)) return data(result, { status: 400 });
  return result;
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>;

/** A slip's code as printed on it: "ABCDE-FGH23". */
const slipCode = (c: string) => `${c.slice(0, 5)}-${c.slice(5)}`;

function Intent({ name }: { name: string }) {
  return <input type="hidden" name="intent" value={name} />;
}

function Counts({
  label,
  c,
}: {
  label: string;
  c: { approve: number; oppose: number; abstain: number; total: number };
}) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{c.approve}</td>
      <td>{c.oppose}</td>
      <td>{c.abstain}</td>
      <td>{c.total}</td>
    </tr>
  );
}

function Result({ page }: { page: Page }) {
  const r = page.result;
  const [query, setQuery] = useState("");
  if (!r) return null;
  const q = query.toUpperCase().replace(/[\s-]/g, "");
  const shown = page.published?.codes.filter((c) => !q || c.includes(q)) ?? [];
  return (
    <section className="card" data-testid="vote-result">
      <h2>表决结果</h2>
      <p className={`badge${r.passed ? "" : " danger"}`} data-testid="vote-verdict">
        {r.passed ? "草案获得通过" : "草案未获通过"}
      </p>
      <p>{r.summary}</p>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th />
              <th>同意</th>
              <th>不同意</th>
              <th>弃权</th>
              <th>合计</th>
            </tr>
          </thead>
          <tbody>
            <Counts label="网上投票" c={r.online} />
            <Counts label="纸质选票" c={r.paper} />
            <Counts label="合计" c={r.counts} />
          </tbody>
        </table>
      </div>
      <p className="hint">
        通过须全体{page.memberLabel}
        {r.approvalRuleLabel}（至少{r.approvalRequired}票）同意；依据{r.sourceLabel}。出席未投票{r.notCast}
        人。
      </p>
      {page.resultDocument ? (
        page.resultDocument.status === "done" ? (
          <a href={`/documents/${page.resultDocument.id}/download`} data-testid="vote-result-download">
            下载表决结果（Word）
          </a>
        ) : (
          <span className="hint">表决结果文件：{page.resultDocument.statusLabel}，请稍后刷新</span>
        )
      ) : null}
      {page.published ? (
        <div data-testid="published-codes">
          <h3>回执码公布（共{page.published.count}个，不含表决意见）</h3>
          <p className="hint">回执码数与计入的选票数一致。输入您的回执码，核对您的选票已经计入。</p>
          <input
            aria-label="查找回执码"
            placeholder="输入回执码"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          {q ? (
            <p data-testid="code-check">{shown.length ? "该回执码在公布名单中" : "公布名单中没有该回执码"}</p>
          ) : null}
          <ul className="code-list">
            {shown.map((c) => (
              <li key={c}>
                <code>
                  {c.slice(0, 5)}-{c.slice(5)}
                </code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

function RosterSection({ page, busy }: { page: Page; busy: boolean }) {
  const locked = page.vote && page.vote.status !== "closed";
  return (
    <section className="card" data-testid="roster">
      <h2>
        {page.kindLabel}名单（{page.roster.length}人）
      </h2>
      {page.warnings.length ? (
        <ul className="warnings" data-testid="roster-warnings">
          {page.warnings.map((w) => (
            <li key={w.code}>
              {w.message}（{w.sourceLabel}）
            </li>
          ))}
        </ul>
      ) : null}
      {page.manage && !locked ? (
        <AuthForm method="post" encType="multipart/form-data" className="stack">
          <Intent name="roster" />
          <input type="hidden" name="version" value={page.congressVersion} />
          <div className="field">
            <label htmlFor="kind">会议形式</label>
            <select id="kind" name="kind" defaultValue={page.kind}>
              <option value="congress">职工代表大会</option>
              <option value="assembly">职工大会</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="roster-file">
              从 Excel 导入（.xlsx，列：姓名、工号、性别、是否一线职工、选区）
            </label>
            <input id="roster-file" name="file" type="file" accept=".xlsx" />
          </div>
          <div className="field">
            <label htmlFor="roster-text">或逐行录入（姓名 工号 性别 是否一线职工 选区）</label>
            <textarea
              id="roster-text"
              name="text"
              rows={4}
              defaultValue={page.roster
                .map(
                  (m) =>
                    `${m.name} ${m.employeeNo} ${m.gender} ${m.frontLine ? "是" : "否"}${m.unit ? ` ${m.unit}` : ""}`,
                )
                .join("\n")}
            />
          </div>
          <div className="inline-form">
            <label>
              职工总数{" "}
              <input name="employees" type="number" min={0} defaultValue={page.workforce?.employees ?? ""} />
            </label>
            <label>
              女职工人数{" "}
              <input name="women" type="number" min={0} defaultValue={page.workforce?.women ?? ""} />
            </label>
          </div>
          <button type="submit" disabled={busy}>
            保存名单
          </button>
        </AuthForm>
      ) : null}
      {page.roster.length ? (
        <div className="table-scroll">
          <table data-testid="roster-table">
            <thead>
              <tr>
                <th>姓名</th>
                <th>工号</th>
                <th>性别</th>
                <th>一线</th>
                {page.manage ? <th>投票账号</th> : null}
                <th>签到</th>
              </tr>
            </thead>
            <tbody>
              {page.roster.map((m) => (
                <tr key={m.id}>
                  <td>{m.name}</td>
                  <td>{m.employeeNo}</td>
                  <td>{m.gender}</td>
                  <td>{m.frontLine ? "是" : "否"}</td>
                  {page.manage ? (
                    <td>
                      {locked ? (
                        m.linkedName || "纸质投票"
                      ) : (
                        <AuthForm method="post" className="inline-form">
                          <Intent name="link" />
                          <input type="hidden" name="version" value={page.congressVersion} />
                          <input type="hidden" name="memberId" value={m.id} />
                          <select name="userId" defaultValue={m.userId} aria-label={`${m.name}的投票账号`}>
                            <option value="">无账号（纸质投票）</option>
                            {page.accounts.map((a) => (
                              <option key={a.id} value={a.id}>
                                {a.name}
                              </option>
                            ))}
                          </select>
                          <button type="submit" className="secondary" disabled={busy}>
                            关联
                          </button>
                        </AuthForm>
                      )}
                    </td>
                  ) : null}
                  <td>{m.voted ? "已投票" : m.present ? "已签到" : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="hint">尚无名单。</p>
      )}
    </section>
  );
}

function MeetingSection({ page, busy }: { page: Page; busy: boolean }) {
  const vote = page.vote;
  if (!page.manage) return null;
  if (page.case.status === "draft_agreed")
    return (
      <section className="card">
        <h2>提交审议</h2>
        {page.agreedDraft ? (
          <p>
            协商一致的草案：{page.agreedDraft.title}（{page.agreedDraft.label}）
          </p>
        ) : (
          <p className="hint">尚未确定协商一致的草案稿次。</p>
        )}
        <AuthForm method="post">
          <Intent name="submit" />
          <input type="hidden" name="version" value={page.case.version} />
          <button type="submit" disabled={busy}>
            提交{page.kindLabel}审议
          </button>
        </AuthForm>
      </section>
    );
  if (page.case.status !== "congress_vote" && !vote) return null;
  if ((!vote || vote.status === "closed") && page.case.status === "congress_vote")
    return (
      <section className="card" data-testid="meeting-form">
        <h2>召集会议</h2>
        <AuthForm method="post" className="stack">
          <Intent name="meeting" />
          <div className="field">
            <label htmlFor="heldOn">会议日期</label>
            <input id="heldOn" name="heldOn" type="date" required />
          </div>
          <div className="field">
            <label htmlFor="place">地点</label>
            <input id="place" name="place" />
          </div>
          {(["teller1", "teller2"] as const).map((name, i) => (
            <div className="field" key={name}>
              <label htmlFor={name}>计票人{i + 1}</label>
              <select id={name} name={name} defaultValue="">
                <option value="" disabled>
                  请选择
                </option>
                {page.accounts.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </div>
          ))}
          <button type="submit" disabled={busy}>
            召集会议
          </button>
        </AuthForm>
      </section>
    );
  if (!vote) return null;
  return (
    <section className="card" data-testid="meeting">
      <h2>
        第{vote.number}次会议 · {vote.statusLabel}
      </h2>
      <p>
        {vote.heldOn} {vote.place} · 表决{vote.draftLabel} · 计票人：{vote.tellers.join("、")}
      </p>
      <p data-testid="quorum" className={vote.quorum.met ? "" : "hint"}>
        {vote.quorum.message}
      </p>
      {vote.status === "preparing" ? (
        <>
          <AuthForm method="post" className="stack" data-testid="checkin-form">
            <Intent name="checkin" />
            <fieldset className="checklist">
              <legend>签到（勾选出席人员）</legend>
              {page.roster.map((m) => (
                <label key={m.id}>
                  <input
                    type="checkbox"
                    name="memberIds"
                    value={m.id}
                    defaultChecked={false}
                    disabled={m.present}
                  />
                  {m.name}
                  {m.present ? "（已签到）" : ""}
                </label>
              ))}
            </fieldset>
            <button type="submit" name="present" value="true" disabled={busy}>
              签到
            </button>
          </AuthForm>
          <AuthForm method="post">
            <Intent name="open" />
            <button type="submit" disabled={busy} data-testid="open-vote">
              开始表决
            </button>
          </AuthForm>
        </>
      ) : null}
      {vote.status === "preparing" || vote.status === "open" ? (
        <div>
          <h3>纸质选票（已印制{vote.paperSlips}张）</h3>
          <AuthForm method="post" className="inline-form">
            <Intent name="slips" />
            <input name="count" type="number" min={1} defaultValue={1} aria-label="张数" />
            <button type="submit" className="secondary" disabled={busy}>
              生成纸质选票
            </button>
          </AuthForm>
          {page.slips.length ? (
            <p className="hint">
              选票编号（打印后裁开，由投票人随机抽取）：
              {page.slips.map(slipCode).join("、")}
            </p>
          ) : null}
        </div>
      ) : null}
      {vote.status === "open" ? (
        <>
          <ul className="checklist">
            {page.roster
              .filter((m) => m.present && !m.voted)
              .map((m) => (
                <li key={m.id}>
                  {m.name}
                  <AuthForm method="post" className="inline-form">
                    <Intent name="handSlip" />
                    <input type="hidden" name="memberId" value={m.id} />
                    <button type="submit" className="secondary" disabled={busy}>
                      领取纸质选票
                    </button>
                  </AuthForm>
                </li>
              ))}
          </ul>
          <AuthForm method="post">
            <Intent name="close" />
            <button type="submit" disabled={busy} data-testid="close-vote">
              截止投票
            </button>
          </AuthForm>
        </>
      ) : null}
      {vote.status === "counting" ? (
        <AuthForm method="post">
          <Intent name="count" />
          <input type="hidden" name="version" value={page.case.version} />
          <p className="hint">两名计票人录入一致的纸质选票方予计入。</p>
          <button type="submit" disabled={busy} data-testid="confirm-count">
            确认计票结果
          </button>
        </AuthForm>
      ) : null}
    </section>
  );
}

function TellerSection({ page, busy }: { page: Page; busy: boolean }) {
  const t = page.teller;
  if (!t) return null;
  return (
    <section className="card" data-testid="teller">
      <h2>录入纸质选票（计票人{t.teller}）</h2>
      <AuthForm method="post" className="stack">
        <Intent name="paper" />
        <div className="field">
          <label htmlFor="receiptCode">选票编号</label>
          <input id="receiptCode" name="receiptCode" autoComplete="off" />
        </div>
        <fieldset>
          <legend>选票上勾选的意见</legend>
          {(["approve", "oppose", "abstain"] as const).map((c) => (
            <label key={c}>
              <input type="radio" name="choice" value={c} />{" "}
              {{ approve: "同意", oppose: "不同意", abstain: "弃权" }[c]}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={busy}>
          录入
        </button>
      </AuthForm>
      <p>
        本人已录入{t.own.length}张；两人一致{t.agreed}张（计入纸质选票）。
      </p>
      {t.disagreements.length ? (
        <p className="form-error" data-testid="paper-discrepancies">
          两人录入不一致，不予计入，请重新核对：{t.disagreements.map(slipCode).join("、")}
        </p>
      ) : null}
      {t.incomplete.length ? (
        <p className="hint">仅一人录入，尚未计入：{t.incomplete.map(slipCode).join("、")}</p>
      ) : null}
    </section>
  );
}

export default function CongressPage() {
  const page = useLoaderData<typeof loader>();
  const { busy, done, failure } = useActionNotice(useActionData<typeof action>());
  return (
    <div className="case-page">
      <p className="hint">
        <Link to={`/bargaining/cases/${page.case.id}`}>{page.case.title}</Link> › {page.kindLabel}表决
      </p>
      <h1>
        {page.kindLabel}表决 <span className="badge">{page.case.statusLabel}</span>
      </h1>
      <FormError failure={failure} />
      {done ? (
        <div className="notice" role="status" data-testid="congress-done">
          {done}
        </div>
      ) : null}
      {page.amVoter ? (
        <p>
          <Link to={`/bargaining/cases/${page.case.id}/vote`}>我的投票</Link>
        </p>
      ) : null}
      <MeetingSection page={page} busy={busy} />
      <TellerSection page={page} busy={busy} />
      <Result page={page} />
      <RosterSection page={page} busy={busy} />
    </div>
  );
}
