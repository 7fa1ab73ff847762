/**
 * The sections of the bargaining case page. Every form posts one intent with the side it acts for and the
 * case version the person saw (a stale version is answered "该协商已被他人更新，请刷新后重试").
 */
import { Link, type useLoaderData } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { AuthForm } from "~/components/csrf";
import type { FormFailure } from "~/components/form-bits";
import type { loader } from "~/routes/bargaining.cases.$id";
import { RaiseChart } from "./raise-chart";
import { formatDateTime } from "~/domain/dates";

export type CasePage = ReturnType<typeof useLoaderData<typeof loader>>;
type Side = "employee" | "employer";

const when = (iso: string) => formatDateTime(iso);

const MOVE_LABELS: Record<string, string> = {
  counter: "反提案",
  revise: "修改本方方案",
  agree: "同意对方方案（暂定一致）",
  withdraw: "撤回议题",
  retable: "重新提出",
  reopen: "重新协商",
};

export function ArticleLink({ article }: { article: { label: string; text: string | null } | null }) {
  if (!article) return null;
  return (
    <details className="basis">
      <summary>查看{article.label}原文</summary>
      <blockquote>
        <strong>{article.label}</strong>
        {"\n"}
        {article.text ?? "本系统尚未收录该条文原文，请查阅官方发布的文本。"}
      </blockquote>
    </details>
  );
}

function Errors({ failure, name }: { failure?: FormFailure; name: string }) {
  const errors = failure?.fieldErrors[name];
  return errors?.length ? <div className="field-error">{errors.join("；")}</div> : null;
}

/** The hidden fields every case form carries; a person who leads both sides (admin) picks one. */
function CaseFields({ intent, page, sides }: { intent: string; page: CasePage; sides: Side[] }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={page.case.version} />
      {sides.length === 1 ? (
        <input type="hidden" name="side" value={sides[0]} />
      ) : (
        <div className="field">
          <label>代表</label>
          <select name="side" defaultValue={sides[0]}>
            {sides.map((s) => (
              <option key={s} value={s}>
                {s === "employee" ? "职工方" : "用人单位方"}
              </option>
            ))}
          </select>
        </div>
      )}
    </>
  );
}

const sidesWith = (page: CasePage, action: string) =>
  page.mySides.filter((s) => s.actions.includes(action)).map((s) => s.side as Side);
const mySides = (page: CasePage) => page.mySides.map((s) => s.side as Side);

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="card" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export function CaseHeader({ page }: { page: CasePage }) {
  const c = page.case;
  return (
    <div className="case-head">
      <h1>
        {c.title}{" "}
        <span className={`badge${c.overdue ? " danger" : ""}`} data-testid="case-status">
          {c.overdue ? "回应已逾期" : c.statusLabel}
        </span>
      </h1>
      <dl className="facts">
        <dt>类型</dt>
        <dd>{c.kindLabel}</dd>
        <dt>阶段</dt>
        <dd>{c.stageLabel}</dd>
        {c.joint ? (
          <>
            <dt>范围</dt>
            <dd data-testid="case-scope">
              {c.scopeLabel}集体合同{c.coverage ? `（${c.coverage}）` : ""}，覆盖{c.enterprises.length}家企业
            </dd>
            <dt>企业方面代表</dt>
            <dd>{c.employerParty}</dd>
          </>
        ) : null}
        <dt>要约方</dt>
        <dd>{c.initiatorLabel}</dd>
        <dt>适用规则</dt>
        <dd data-testid="case-rule-set">{c.ruleSetName}</dd>
        <dt>职代会表决</dt>
        <dd data-testid="case-thresholds">
          {page.thresholds.quorum.text}（{page.thresholds.quorum.sourceLabel}）；
          {page.thresholds.approval.text}（{page.thresholds.approval.sourceLabel}）
          <ArticleLink article={page.thresholds.approval.article} />
        </dd>
        <dt>下一步由</dt>
        <dd>{c.nextOwner}办理</dd>
      </dl>
    </div>
  );
}

/** The contract in force (term, expiry) and the renewal link both ways (集体合同规定 第38条). */
export function ContractPanel({ page, busy }: { page: CasePage; busy: boolean }) {
  const k = page.contract;
  if (!k.inForce && !k.renews && !k.renewedBy) return null;
  return (
    <Section title="集体合同与续签" testId="contract-panel">
      <dl className="facts">
        {k.effectiveOn ? (
          <>
            <dt>期限</dt>
            <dd data-testid="contract-term">
              {k.effectiveOn} 起{k.termYears ? ` ${k.termYears} 年` : ""}，至 {k.expiresOn ?? "—"} 期满
            </dd>
          </>
        ) : null}
        {k.renews ? (
          <>
            <dt>续签自</dt>
            <dd data-testid="renews-link">
              <Link to={`/bargaining/cases/${k.renews.id}`}>{k.renews.title}</Link>
              <span className="hint">
                {" "}
                {k.renews.statusLabel}
                {k.renews.expiresOn ? `，原合同 ${k.renews.expiresOn} 期满` : ""}
              </span>
            </dd>
          </>
        ) : null}
        {k.renewedBy ? (
          <>
            <dt>续签协商</dt>
            <dd data-testid="renewed-by-link">
              <Link to={`/bargaining/cases/${k.renewedBy.id}`}>{k.renewedBy.title}</Link>
              <span className="hint"> {k.renewedBy.statusLabel}；续订的合同生效前，本合同继续有效</span>
            </dd>
          </>
        ) : null}
      </dl>
      {k.renewSides.length ? (
        <AuthForm method="post" className="stack" data-testid="renew-form">
          <CaseFields intent="renew" page={page} sides={k.renewSides as Side[]} />
          <div className="field">
            <label htmlFor="renew-note">续签要约说明</label>
            <textarea id="renew-note" name="note" rows={2} />
          </div>
          <button type="submit" disabled={busy}>
            提出续签
          </button>
          <p className="hint">将以同一类型发出新的集体协商要约，并与本合同关联。</p>
        </AuthForm>
      ) : k.inForce && k.renewalBlocked && !k.renewedBy ? (
        <p className="hint" data-testid="renewal-blocked">
          {k.renewalBlocked}
        </p>
      ) : null}
      <ArticleLink article={k.renewalArticle} />
    </Section>
  );
}

export function CaseDeadlines({ page }: { page: CasePage }) {
  if (page.deadlines.length === 0) return null;
  return (
    <Section title="法定期限" testId="case-deadlines">
      <ul className="deadline-list">
        {page.deadlines.map((d) => (
          <li key={d.key} data-deadline={d.key}>
            <div>
              <strong>{d.label}：</strong>
              <span data-testid={`due-${d.key}`}>{d.dueOn}</span>{" "}
              {d.metOn ? (
                <span className="badge ok">已于 {d.metOn} 完成</span>
              ) : d.state === "overdue" ? (
                <span className="badge danger">已逾期</span>
              ) : d.state === "due_soon" ? (
                <span className="badge warn">即将到期</span>
              ) : null}
              {d.withoutCalendar ? <span className="badge warn">未按节假日安排计算</span> : null}
            </div>
            <div className="hint">
              规则：{d.ruleSetName} · {d.sourceLabel}；应办理方：{d.owedBy}
            </div>
            {d.shifted ? (
              <div className="hint" data-testid={`shift-${d.key}`}>
                期间最后一日 {d.rawDueOn} 为休息日，顺延至 {d.dueOn}
              </div>
            ) : null}
            <details className="basis">
              <summary>计算过程</summary>
              <blockquote>{d.reason}</blockquote>
            </details>
            <ArticleLink article={d.article} />
            {d.shiftArticle ? <ArticleLink article={d.shiftArticle} /> : null}
          </li>
        ))}
      </ul>
    </Section>
  );
}

export function ProcedurePanel({
  page,
  failure,
  busy,
}: {
  page: CasePage;
  failure?: FormFailure;
  busy: boolean;
}) {
  const respond = sidesWith(page, "respond_agree");
  const coordination = sidesWith(page, "request_coordination");
  const conclude = sidesWith(page, "conclude_coordination");
  const prepare =
    page.case.status === "representatives_named" || page.case.status === "preparation" ? mySides(page) : [];
  const agree = sidesWith(page, "agree_draft");
  const [decision, setDecision] = useState("agree");
  const c = page.case;
  return (
    <Section title="要约与回应" testId="procedure">
      <dl className="facts">
        <dt>要约</dt>
        <dd>
          {c.dates.offerSentOn
            ? `${c.initiatorLabel}于 ${c.dates.offerSentOn} 发出，${c.dates.offerReceivedOn ?? "—"} 收到`
            : "—"}
          {c.offer.text ? <div className="pre">{c.offer.text}</div> : null}
        </dd>
        <dt>回应</dt>
        <dd data-testid="case-response">
          {c.response.decision
            ? `${c.dates.respondedOn ?? ""} ${
                c.response.decision === "refuse"
                  ? `拒绝协商：${c.response.reason}`
                  : c.response.decision === "agree_other_topics"
                    ? `同意协商，并提出：${c.response.extraTopics.replace(/\n/g, "、")}`
                    : "同意协商"
              }`
            : "尚未回应"}
        </dd>
        {c.recorderName ? (
          <>
            <dt>记录员</dt>
            <dd>{c.recorderName}</dd>
          </>
        ) : null}
        {c.coordination.requestedOn ? (
          <>
            <dt>协调处理</dt>
            <dd>
              {c.coordination.requestedOn} 申请：{c.coordination.reason}
              {c.coordination.acceptedOn ? `；${c.coordination.acceptedOn} 受理` : "；待劳动行政部门受理"}
              {c.coordination.extensionDays ? `；延长${c.coordination.extensionDays}日` : ""}
              {c.coordination.endedOn ? `；${c.coordination.endedOn} 结束` : ""}
            </dd>
          </>
        ) : null}
      </dl>
      {respond.length ? (
        <AuthForm method="post" className="stack" data-testid="respond-form">
          <CaseFields intent="respond" page={page} sides={respond} />
          <fieldset className="choices">
            <legend>书面回应（《集体合同规定》第三十二条）</legend>
            {[
              ["agree", "同意协商"],
              ["agree_other_topics", "同意协商并提出其他议题"],
              ["refuse", "拒绝协商（须说明正当理由）"],
            ].map(([value, label]) => (
              <label key={value} className="choice">
                <input
                  type="radio"
                  name="decision"
                  value={value}
                  checked={decision === value}
                  onChange={() => setDecision(value)}
                />
                {label}
              </label>
            ))}
          </fieldset>
          {decision === "agree_other_topics" ? (
            <div className="field">
              <label htmlFor="otherTopics">提出的其他议题（每行一个）</label>
              <textarea id="otherTopics" name="otherTopics" rows={3} />
              <Errors failure={failure} name="otherTopics" />
            </div>
          ) : null}
          {decision === "refuse" ? (
            <div className="field">
              <label htmlFor="reason">拒绝理由</label>
              <textarea id="reason" name="reason" rows={3} />
              <Errors failure={failure} name="reason" />
            </div>
          ) : null}
          <button type="submit" disabled={busy}>
            提交书面回应
          </button>
        </AuthForm>
      ) : null}
      {coordination.length &&
      (c.overdue || c.status === "refused" || c.status === "in_rounds" || c.status === "suspended") ? (
        <AuthForm method="post" className="stack">
          <CaseFields intent="coordination" page={page} sides={coordination} />
          <div className="field">
            <label htmlFor="coord-reason">申请劳动行政部门协调处理的事由（第四十九条）</label>
            <textarea id="coord-reason" name="reason" rows={2} />
          </div>
          <button type="submit" className="secondary" disabled={busy}>
            申请协调处理
          </button>
        </AuthForm>
      ) : null}
      {conclude.length ? (
        <div className="stack" data-testid="coordination-forms">
          <p className="hint">
            协调处理应自受理之日起三十日内结束，必要时可延长，延长不超过
            {page.coordinationRule.maxExtensionDays}
            日（{page.coordinationRule.sourceLabel}）。
          </p>
          <ArticleLink article={page.coordinationRule.article} />
          {!c.coordination.acceptedOn ? (
            <AuthForm method="post" className="inline-form" data-testid="coordination-accepted-form">
              <CaseFields intent="coordinationAccepted" page={page} sides={conclude} />
              <label>
                受理日期 <input type="date" name="acceptedOn" required max={page.today} />
              </label>
              <label>
                已决定延长（日）{" "}
                <input
                  type="number"
                  name="extensionDays"
                  min={1}
                  max={page.coordinationRule.maxExtensionDays}
                  inputMode="numeric"
                  className="narrow"
                />
              </label>
              <button type="submit" className="secondary" disabled={busy}>
                登记受理
              </button>
            </AuthForm>
          ) : (
            <AuthForm method="post" className="inline-form" data-testid="coordination-extension-form">
              <CaseFields intent="coordinationExtension" page={page} sides={conclude} />
              <label>
                延长协调处理期限（日，1–{page.coordinationRule.maxExtensionDays}）{" "}
                <input
                  type="number"
                  name="extensionDays"
                  min={1}
                  inputMode="numeric"
                  className="narrow"
                  defaultValue={c.coordination.extensionDays ?? ""}
                  required
                />
              </label>
              <button type="submit" className="secondary" disabled={busy}>
                {c.coordination.extensionDays ? "修改延长天数" : "登记延期"}
              </button>
            </AuthForm>
          )}
          <Errors failure={failure} name="extensionDays" />
          <AuthForm method="post" className="inline-form">
            <CaseFields intent="concludeCoordination" page={page} sides={conclude} />
            <input name="note" placeholder="协调处理结果" aria-label="协调处理结果" />
            <button type="submit" className="secondary" disabled={busy}>
              协调处理结束
            </button>
          </AuthForm>
        </div>
      ) : null}
      {prepare.length ? (
        <AuthForm method="post" className="stack" data-testid="preparation-form">
          <CaseFields intent="preparation" page={page} sides={prepare} />
          <h3>协商准备（第三十三条）</h3>
          <div className="field">
            <label htmlFor="recorderName">记录员（非协商代表）</label>
            <input id="recorderName" name="recorderName" defaultValue={c.recorderName} maxLength={40} />
            <Errors failure={failure} name="recorderName" />
          </div>
          <div className="field">
            <label htmlFor="case-agenda">协商议程</label>
            <textarea id="case-agenda" name="agenda" rows={2} defaultValue={c.agenda} />
          </div>
          <button type="submit" disabled={busy}>
            保存准备事项
          </button>
        </AuthForm>
      ) : null}
      {agree.length ? (
        <AuthForm method="post" className="toolbar" data-testid="agree-draft-form">
          <CaseFields intent="agreeDraft" page={page} sides={agree} />
          {page.drafts.versions.length ? (
            <div className="field">
              <label htmlFor="draftVersion">协商一致的草案</label>
              <select
                id="draftVersion"
                name="draftVersion"
                defaultValue={page.drafts.versions[page.drafts.versions.length - 1].number}
              >
                {page.drafts.versions.map((v) => (
                  <option key={v.number} value={v.number}>
                    {v.label}
                  </option>
                ))}
              </select>
              <Errors failure={failure} name="draftVersion" />
            </div>
          ) : null}
          <span className="hint">
            全部议题达成暂定一致或撤回、草案通过表决前检查且没有未解决的审阅意见后，可确认草案协商一致（第三十四条）。
            <Link to={`/bargaining/cases/${c.id}/drafts`}>查看合同草案</Link>
          </span>
          <button type="submit" disabled={busy}>
            确认草案协商一致
          </button>
        </AuthForm>
      ) : null}
    </Section>
  );
}

interface MemberRow {
  name: string;
  title: string;
  userId: string;
  chief: boolean;
  outsider: boolean;
}

function RepresentativeForm({
  page,
  side,
  failure,
  busy,
}: {
  page: CasePage;
  side: Side;
  failure?: FormFailure;
  busy: boolean;
}) {
  const list = page.representatives.find((r) => r.side === side)!;
  const blank = (): MemberRow => ({ name: "", title: "", userId: "", chief: false, outsider: false });
  const [rows, setRows] = useState<MemberRow[]>(
    list.members.length
      ? list.members.map((m) => ({ ...m }))
      : [{ ...blank(), chief: true }, blank(), blank()],
  );
  const chief = list.members.find((m) => m.chief);
  const update = (i: number, patch: Partial<MemberRow>) =>
    setRows((current) =>
      current.map((r, j) => (j === i ? { ...r, ...patch } : patch.chief ? { ...r, chief: false } : r)),
    );
  return (
    <AuthForm method="post" className="stack rep-form" data-testid={`rep-form-${side}`}>
      <CaseFields intent="representatives" page={page} sides={[side]} />
      <input type="hidden" name="members" value={JSON.stringify(rows.filter((r) => r.name.trim()))} />
      <div className="rep-rows">
        {rows.map((r, i) => (
          <div key={i} className="rep-row" data-testid="rep-row">
            <input
              aria-label={`第${i + 1}位姓名`}
              placeholder="姓名"
              value={r.name}
              onChange={(e) => update(i, { name: e.target.value })}
            />
            <input
              aria-label={`第${i + 1}位职务`}
              placeholder="职务"
              value={r.title}
              onChange={(e) => update(i, { title: e.target.value })}
            />
            <select
              aria-label={`第${i + 1}位关联账号`}
              value={r.userId}
              onChange={(e) => update(i, { userId: e.target.value })}
            >
              <option value="">不关联账号</option>
              {page.accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
            <label className="choice">
              <input
                type="radio"
                name={`chief-${side}`}
                checked={r.chief}
                onChange={() => update(i, { chief: true })}
              />
              首席
            </label>
            <label className="choice">
              <input
                type="checkbox"
                checked={r.outsider}
                onChange={(e) => update(i, { outsider: e.target.checked })}
              />
              外聘
            </label>
          </div>
        ))}
      </div>
      <div className="toolbar">
        <button type="button" className="secondary" onClick={() => setRows((c) => [...c, blank()])}>
          添加一人
        </button>
        {rows.length > 1 ? (
          <button type="button" className="secondary" onClick={() => setRows((c) => c.slice(0, -1))}>
            删除最后一人
          </button>
        ) : null}
      </div>
      <label className="choice">
        <input type="checkbox" name="chiefHoldsOffice" defaultChecked={chief?.holdsOffice ?? true} />
        首席代表{side === "employee" ? "为工会主席" : "为法定代表人"}
      </label>
      <label className="choice">
        <input type="checkbox" name="writtenDelegation" defaultChecked={chief?.writtenDelegation ?? false} />
        已有书面委托（首席代表非{side === "employee" ? "工会主席" : "法定代表人"}时必须）
      </label>
      <input
        name="delegation"
        placeholder="书面委托说明（可选）"
        aria-label="书面委托说明"
        defaultValue={list.delegation}
      />
      {page.representativeRule.needsSize ? (
        <label className="choice">
          <input type="checkbox" name="aboveDesignatedSize" /> 本企业为规模以上企业
        </label>
      ) : null}
      <Errors failure={failure} name="members" />
      <button type="submit" disabled={busy}>
        保存{side === "employee" ? "职工方" : "用人单位方"}名单
      </button>
    </AuthForm>
  );
}

export function RepresentativesPanel({
  page,
  failure,
  busy,
}: {
  page: CasePage;
  failure?: FormFailure;
  busy: boolean;
}) {
  const editable = ["accepted", "representatives_named", "preparation"].includes(page.case.status);
  return (
    <Section title="协商代表" testId="representatives">
      <p className="hint">
        {page.representativeRule.text}（{page.representativeRule.sourceLabel}）
      </p>
      <ArticleLink article={page.representativeRule.article} />
      <div className="two-col">
        {page.representatives.map((list) => (
          <div key={list.side} data-testid={`reps-${list.side}`}>
            <h3>{list.label}</h3>
            {list.members.length ? (
              <ul>
                {list.members.map((m, i) => (
                  <li key={i}>
                    {m.name}
                    {m.title ? `（${m.title}）` : ""}
                    {m.chief ? <span className="badge">首席代表</span> : null}
                    {m.outsider ? <span className="badge warn">外聘</span> : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="hint">尚未确定</p>
            )}
            {editable && mySides(page).includes(list.side as Side) ? (
              <RepresentativeForm page={page} side={list.side as Side} failure={failure} busy={busy} />
            ) : null}
          </div>
        ))}
      </div>
    </Section>
  );
}

function TopicMoveForm({
  page,
  topicKey,
  side,
  moves,
  busy,
}: {
  page: CasePage;
  topicKey: string;
  side: Side;
  moves: string[];
  busy: boolean;
}) {
  const [move, setMove] = useState(moves[0]);
  return (
    <AuthForm method="post" className="topic-move" data-testid="topic-move">
      <CaseFields intent="topic" page={page} sides={[side]} />
      <input type="hidden" name="topicKey" value={topicKey} />
      <select name="move" value={move} onChange={(e) => setMove(e.target.value)} aria-label="议题操作">
        {moves.map((m) => (
          <option key={m} value={m}>
            {MOVE_LABELS[m] ?? m}
          </option>
        ))}
      </select>
      {move === "counter" || move === "revise" || move === "reopen" ? (
        <textarea
          name="text"
          rows={2}
          placeholder={move === "reopen" ? "重新协商的原因" : "本方方案"}
          aria-label="本方方案"
        />
      ) : null}
      <button type="submit" className="secondary" disabled={busy}>
        提交
      </button>
    </AuthForm>
  );
}

export function TopicBoard({ page, busy }: { page: CasePage; busy: boolean }) {
  const onBoard = ["preparation", "in_rounds", "suspended", "coordination_talks"].includes(page.case.status);
  const sides = mySides(page);
  return (
    <Section title="议题看板" testId="topic-board">
      <ul className="topic-list">
        {page.topics.map((t) => (
          <li key={t.key} className={`topic topic-${t.status}`} data-topic={t.title}>
            <div className="topic-head">
              <strong>{t.title}</strong>{" "}
              <span
                className={`badge${t.status === "ta" ? " ok" : t.status === "withdrawn" ? " warn" : ""}`}
                data-testid="topic-status"
              >
                {t.statusLabel}
              </span>
              {t.source === "finding" && t.prescriptionItemId ? (
                <a className="hint" href={`/prescriptions/items/${t.prescriptionItemId}`}>
                  {" "}
                  体检问题（整改事项）
                </a>
              ) : t.basis ? (
                <span className="hint"> {t.basis}</span>
              ) : null}
            </div>
            <div className="topic-positions">
              <div>职工方：{t.employeePosition || "—"}</div>
              <div>用人单位方：{t.employerPosition || "—"}</div>
              {t.agreedText ? <div>一致意见：{t.agreedText}</div> : null}
            </div>
            {t.history.length ? (
              <details className="basis">
                <summary>双方方案记录（{t.history.length}）</summary>
                <ol className="timeline">
                  {t.history.map((h, i) => (
                    <li key={i}>
                      <span className="hint">{when(h.at)}</span> {h.sideLabel} {h.byName}：{h.text}（
                      {h.statusLabel}）
                    </li>
                  ))}
                </ol>
              </details>
            ) : null}
            {onBoard
              ? sides.map((side) =>
                  t.moves[side]?.length ? (
                    <TopicMoveForm
                      key={side}
                      page={page}
                      topicKey={t.key}
                      side={side}
                      moves={t.moves[side]!}
                      busy={busy}
                    />
                  ) : null,
                )
              : null}
          </li>
        ))}
      </ul>
      {onBoard && sides.length ? (
        <AuthForm method="post" className="inline-form">
          <CaseFields intent="addTopic" page={page} sides={sides} />
          <input name="title" placeholder="新议题" aria-label="新议题名称" />
          <input name="text" placeholder="本方方案" aria-label="新议题本方方案" />
          <button type="submit" className="secondary" disabled={busy}>
            提出议题
          </button>
        </AuthForm>
      ) : null}
    </Section>
  );
}

export function RoundsPanel({
  page,
  failure,
  busy,
}: {
  page: CasePage;
  failure?: FormFailure;
  busy: boolean;
}) {
  const sides = mySides(page);
  const canSchedule =
    sides.length > 0 && ["preparation", "in_rounds", "suspended"].includes(page.case.status);
  const canSuspend = sidesWith(page, "suspend");
  return (
    <Section title="协商会议" testId="rounds">
      {page.rounds.length === 0 ? <p className="hint">尚未召开协商会议。</p> : null}
      {page.rounds.map((r) => {
        const both = !!r.signOff.employee && !!r.signOff.employer;
        return (
          <div key={r.no} className="round" data-round={r.no}>
            <h3>
              第{r.no}次协商会议{" "}
              <span className="hint">
                {r.heldOn} · {r.place} · {r.chairSideLabel}首席代表主持
              </span>
            </h3>
            {r.agenda ? <p className="hint">议程：{r.agenda}</p> : null}
            {r.minutes ? (
              <p className="pre" data-testid="round-minutes">
                {r.minutes}
              </p>
            ) : null}
            <p className="hint" data-testid="round-signoff">
              职工方首席：{r.signOff.employee ? `${r.signOff.employee.byName} 已确认` : "未确认"}
              ；用人单位方首席：
              {r.signOff.employer ? `${r.signOff.employer.byName} 已确认` : "未确认"}
            </p>
            {r.suspension ? (
              <p className="remark">
                中止协商：下次 {r.suspension.nextOn}，{r.suspension.place}，议题：{r.suspension.topics}
              </p>
            ) : null}
            {r.render ? (
              r.render.status === "done" ? (
                <a
                  className="button secondary"
                  href={`/documents/${r.render.id}/download`}
                  data-testid="minutes-download"
                >
                  下载会议记录（Word）
                </a>
              ) : (
                <span className="hint" data-testid="minutes-rendering">
                  会议记录文档{r.render.statusLabel}，请稍后刷新
                </span>
              )
            ) : null}
            {!both && sides.length ? (
              <>
                <AuthForm method="post" className="stack">
                  <input type="hidden" name="intent" value="minutes" />
                  <input type="hidden" name="side" value={sides[0]} />
                  <input type="hidden" name="no" value={r.no} />
                  <input type="hidden" name="version" value={r.version} />
                  <label htmlFor={`minutes-${r.no}`}>会议记录（协商记录）</label>
                  <textarea id={`minutes-${r.no}`} name="minutes" rows={4} defaultValue={r.minutes} />
                  <Errors failure={failure} name="minutes" />
                  <input
                    name="attendees"
                    placeholder="出席人员"
                    aria-label="出席人员"
                    defaultValue={r.attendees}
                  />
                  <button type="submit" className="secondary" disabled={busy}>
                    保存会议记录
                  </button>
                </AuthForm>
                {r.minutes
                  ? sides
                      .filter((s) => !r.signOff[s])
                      .map((s) => (
                        <AuthForm key={s} method="post" className="inline-form">
                          <input type="hidden" name="intent" value="signOff" />
                          <input type="hidden" name="side" value={s} />
                          <input type="hidden" name="no" value={r.no} />
                          <input type="hidden" name="version" value={r.version} />
                          <button type="submit" disabled={busy}>
                            {s === "employee" ? "职工方" : "用人单位方"}首席代表确认会议记录
                          </button>
                        </AuthForm>
                      ))
                  : null}
              </>
            ) : null}
          </div>
        );
      })}
      {canSchedule ? (
        <AuthForm method="post" className="stack" data-testid="round-form">
          <CaseFields intent="round" page={page} sides={sides} />
          <h3>安排协商会议（第三十四条：双方首席代表轮流主持）</h3>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="heldOn">会议日期</label>
              <input id="heldOn" type="date" name="heldOn" required />
            </div>
            <div className="field">
              <label htmlFor="place">地点</label>
              <input id="place" name="place" maxLength={100} />
              <Errors failure={failure} name="place" />
            </div>
          </div>
          <input name="agenda" placeholder="议程" aria-label="会议议程" />
          <input name="attendees" placeholder="出席人员" aria-label="会议出席人员" />
          <button type="submit" disabled={busy}>
            安排会议
          </button>
        </AuthForm>
      ) : null}
      {canSuspend.length ? (
        <AuthForm method="post" className="stack">
          <CaseFields intent="suspend" page={page} sides={canSuspend} />
          <h3>中止协商（第三十五条）</h3>
          <div className="form-grid">
            <input type="date" name="nextOn" aria-label="下次协商日期" />
            <input name="place" placeholder="下次协商地点" aria-label="下次协商地点" />
          </div>
          <input name="topics" placeholder="下次协商议题" aria-label="下次协商议题" />
          <button type="submit" className="secondary" disabled={busy}>
            中止并约定下次协商
          </button>
        </AuthForm>
      ) : null}
    </Section>
  );
}

export function CaucusPanel({ page, busy }: { page: CasePage; busy: boolean }) {
  if (page.caucus.length === 0) return null;
  return (
    <>
      {page.caucus.map((c) => (
        <Section key={c.side} title={`${c.sideLabel}内部记录（仅本方可见）`} testId={`caucus-${c.side}`}>
          <ul className="caucus-notes">
            {c.notes.map((n, i) => (
              <li key={i} data-testid="caucus-note">
                <span className="hint">
                  {when(n.at)} {n.byName}
                </span>{" "}
                {n.text}
              </li>
            ))}
            {c.notes.length === 0 ? <li className="hint">暂无内部记录</li> : null}
          </ul>
          <AuthForm method="post" className="stack">
            <input type="hidden" name="intent" value="caucus" />
            <input type="hidden" name="side" value={c.side} />
            <textarea
              name="text"
              rows={2}
              aria-label="内部记录"
              placeholder="本方内部讨论、底线与策略（对方、文档与导出均不可见）"
            />
            <select name="topicKey" aria-label="相关议题" defaultValue="">
              <option value="">不关联议题</option>
              {page.topics.map((t) => (
                <option key={t.key} value={t.key}>
                  {t.title}
                </option>
              ))}
            </select>
            <button type="submit" className="secondary" disabled={busy}>
              保存内部记录
            </button>
          </AuthForm>
        </Section>
      ))}
    </>
  );
}

export function WagePanel({ page, failure, busy }: { page: CasePage; failure?: FormFailure; busy: boolean }) {
  const sides = mySides(page);
  const w = page.wage;
  const fields: [string, string][] = [
    ["year", "数据年度"],
    ["averageWage", "上年度职工年平均工资（元）"],
    ["payroll", "上年度工资总额（元）"],
    ["headcount", "职工人数"],
    ["lower", "工资指导线下线（%）"],
    ["baseline", "基准线（%）"],
    ["upper", "上线（%）"],
    ["cpi", "CPI涨幅（%）"],
    ["minimumMonthly", "月最低工资标准（元）"],
    ["minimumHourly", "小时最低工资标准（元，选填）"],
    ["productivity", "劳动生产率增长（%，选填）"],
    ["profit", "上年度利润（元，选填）"],
    ["proposedRaise", "拟调整幅度（%）"],
    ["lowestStandard", "拟定最低档月工资（元，选填）"],
  ];
  if (!w.values && sides.length === 0) return null;
  return (
    <Section title="工资数据与成本测算" testId="wage">
      {w.assessment && w.chart ? (
        <div className="wage-result">
          <RaiseChart id={`raise-${page.case.id}`} data={w.chart} />
          <p data-testid="wage-summary">{w.assessment.summary}</p>
          <p className="hint">
            全年增加成本 {w.assessment.annualCost}，人均每年 {w.assessment.perPersonAnnual}、每月{" "}
            {w.assessment.perPersonMonthly}； 调整后年平均工资 {w.assessment.newAverageWage}
            （工资集体协商试行办法 第八条所列因素）。
          </p>
        </div>
      ) : (
        <p className="hint">填写工资数据和拟调整幅度后，显示与工资指导线、CPI 的对比及成本测算。</p>
      )}
      {sides.length ? (
        <AuthForm method="post" className="stack">
          <input type="hidden" name="intent" value="wage" />
          <input type="hidden" name="version" value={w.version} />
          <input type="hidden" name="side" value={sides[0]} />
          <div className="form-grid">
            {fields.map(([name, label]) => (
              <div className="field" key={name}>
                <label htmlFor={`wage-${name}`}>{label}</label>
                <input
                  id={`wage-${name}`}
                  name={name}
                  inputMode="decimal"
                  defaultValue={w.values?.[name as keyof typeof w.values] ?? ""}
                />
                <Errors failure={failure} name={name} />
              </div>
            ))}
          </div>
          <button type="submit" className="secondary" disabled={busy}>
            保存工资数据
          </button>
        </AuthForm>
      ) : null}
    </Section>
  );
}

export function DocumentsPanel({ page }: { page: CasePage }) {
  const docs = [
    ["offer", "集体协商要约书", page.documents.offer],
    ["response", "集体协商回应书", page.documents.response],
  ] as const;
  if (!docs.some(([, , d]) => d)) return null;
  return (
    <Section title="文书" testId="documents">
      <ul>
        {docs.map(([key, label, d]) =>
          d ? (
            <li key={key}>
              {d.status === "done" ? (
                <a href={`/documents/${d.id}/download`} data-testid={`${key}-download`}>
                  下载{label}（Word）
                </a>
              ) : (
                <span className="hint" data-testid={`${key}-rendering`}>
                  {label}：{d.statusLabel}，请稍后刷新
                </span>
              )}
            </li>
          ) : null,
        )}
      </ul>
    </Section>
  );
}

const EVENT_LABELS: Record<string, string> = {
  send_offer: "发出要约",
  respond_agree: "同意协商",
  respond_agree_other_topics: "同意协商并提出其他议题",
  respond_refuse: "拒绝协商",
  request_coordination: "申请协调处理",
  coordination_accepted: "协调处理受理",
  coordination_extended: "协调处理延期",
  propose_renewal: "提出续签",
  open_renewal_window: "进入续签期",
  renew: "已续签",
  expire: "期满终止",
  conclude_coordination: "协调处理结束",
  name_representatives: "确定协商代表",
  preparation: "协商准备",
  round: "协商会议",
  suspend: "中止协商",
  agree_draft: "草案协商一致",
};

export function CaseTimeline({ page }: { page: CasePage }) {
  return (
    <Section title="办理记录" testId="timeline">
      <ol className="timeline">
        {page.timeline.map((e, i) => (
          <li key={i}>
            <span className="hint">{when(e.at)}</span> {e.sideLabel} {e.byName}{" "}
            {EVENT_LABELS[e.action] ?? e.action}
            {e.note ? `：${e.note}` : ""}
          </li>
        ))}
      </ol>
    </Section>
  );
}

/** The contract drafts: the versions, the agreed one, and the way to the drafts page. */
export function DraftsPanel({ page }: { page: CasePage }) {
  const { versions, agreedLabel } = page.drafts;
  return (
    <Section title="合同草案" testId="drafts-panel">
      {versions.length ? (
        <p>
          共 {versions.length} 稿，最新为{versions[versions.length - 1].label}
          {agreedLabel ? `；协商一致的草案为${agreedLabel}` : ""}。
        </p>
      ) : (
        <p className="hint">尚未生成草案。议题达成暂定一致后，可由条款库生成第1稿。</p>
      )}
      <Link to={`/bargaining/cases/${page.case.id}/drafts`} className="button">
        打开合同草案
      </Link>
    </Section>
  );
}
