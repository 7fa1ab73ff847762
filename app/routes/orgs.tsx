import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { failureOf, FormError } from "~/components/form-bits";
import { can } from "~/domain/policy";
import { ORG_KIND_LABELS, ORG_KINDS } from "~/domain/roles";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { attempt, forbidden, parseForm } from "~/lib/http.server";
import {
  archiveOrg,
  createOrg,
  listOrgTree,
  moveOrg,
  renameOrg,
  setOrgDocumentStyle,
} from "~/services/orgs/orgs.server";
import {
  RULE_SET_OPTIONS,
  ruleSetsOf,
  setOrgApprovalRule,
  setOrgRuleSet,
} from "~/services/bargaining/rules.server";
import { OrgOptions } from "~/components/org-options";

export const meta: MetaFunction = () => [{ title: "工会组织 · 工会协商通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user, "org:manage", { type: "system" })) throw forbidden("只有平台管理员可以维护工会组织");
  const tree = await listOrgTree(user, { withCounts: true });
  const ruleSets = await ruleSetsOf(tree.map((n) => n.id));
  // The table shows each node's effective rules in a line; the forms are those of the one node chosen
  // (设置 on its row): a district's tree has dozens of nodes, and six forms each made the page heavy.
  const chosen = new URL(request.url).searchParams.get("org");
  const rows = tree.map((n) => {
    const r = ruleSets[n.id];
    const { quorum, approval } = r.thresholds;
    return {
      ...n,
      ruleSet: `${r.effective}${r.own ? "（本组织设定）" : r.from ? `（继承${r.from}）` : ""}`,
      thresholds: `职代会：${quorum.text}（${quorum.sourceLabel}）；${approval.text}（${approval.sourceLabel}）`,
    };
  });
  return {
    tree: rows,
    chosen: tree.some((n) => n.id === chosen) ? { id: chosen!, rules: ruleSets[chosen!] } : null,
    ruleSetOptions: RULE_SET_OPTIONS,
  };
}

const id = z.string().min(1).max(64);
const version = z.coerce.number().int().nonnegative();
const name = z.string({ error: "请填写组织名称" }).max(200, "组织名称过长");
const OrgAction = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    name,
    kind: z.enum(ORG_KINDS, { error: "请选择组织类型" }),
    parentId: z.string().max(64).optional(),
  }),
  z.object({ intent: z.literal("rename"), id, version, name }),
  z.object({
    intent: z.literal("move"),
    id,
    version,
    parentId: z.string({ error: "请选择上级组织" }).max(64),
  }),
  z.object({ intent: z.literal("archive"), id, version }),
  // "" = inherit the parent's rule set; the service checks the id against the domain's rule sets.
  z.object({ intent: z.literal("ruleSet"), id, version, ruleSet: z.string().max(32).default("") }),
  // The service checks the short code (2–6 汉字) and the red head's length; "" clears either.
  z.object({
    intent: z.literal("document"),
    id,
    version,
    shortCode: z.string().max(32).default(""),
    redHead: z.string().max(200).default(""),
  }),
  // "" = inherit; more_than_half (过半数, with its basis) or half_or_more (the rule set's own).
  z.object({
    intent: z.literal("approvalRule"),
    id,
    version,
    approvalRule: z.string().max(32).default(""),
    note: z.string().max(200, "依据不超过200字").default(""),
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  return attempt(async () => {
    const input = parseForm(form, OrgAction);
    switch (input.intent) {
      case "create":
        await createOrg(user, { name: input.name, kind: input.kind, parentId: input.parentId });
        return { ok: true as const, message: `已新建“${input.name.trim()}”` };
      case "rename":
        await renameOrg(user, input.id, input.version, input.name);
        return { ok: true as const, message: "已重命名" };
      case "move":
        await moveOrg(user, input.id, input.version, input.parentId);
        return { ok: true as const, message: "已移动，所属企业的可见范围随之调整" };
      case "ruleSet":
        await setOrgRuleSet(user, input.id, input.version, input.ruleSet);
        return { ok: true as const, message: "集体协商规则已保存，下级组织未单独设置的随之适用" };
      case "document":
        await setOrgDocumentStyle(user, input.id, input.version, {
          shortCode: input.shortCode,
          redHead: input.redHead,
        });
        return { ok: true as const, message: "已保存公文设置，此后的报告和处方编号使用新的机关代字" };
      case "approvalRule":
        await setOrgApprovalRule(user, input.id, input.version, input);
        return { ok: true as const, message: "职代会表决通过规则已保存，此后发起的集体协商适用" };
      case "archive":
        await archiveOrg(user, input.id, input.version);
        return { ok: true as const, message: "已归档" };
    }
  });
}

export default function Orgs() {
  const { tree, chosen, ruleSetOptions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const node = chosen ? tree.find((n) => n.id === chosen.id) : undefined;
  return (
    <div>
      <h1>工会组织</h1>
      <FormError failure={failure} />
      {result && result.ok ? <div className="notice">{result.message}</div> : null}
      <div className="card">
        <h2>新建组织</h2>
        <AuthForm method="post" className="toolbar">
          <input type="hidden" name="intent" value="create" />
          <div className="field">
            <label htmlFor="new-name">名称</label>
            <input id="new-name" name="name" required maxLength={60} />
          </div>
          <div className="field">
            <label htmlFor="new-kind">类型</label>
            <select id="new-kind" name="kind" defaultValue="street">
              {ORG_KINDS.map((k) => (
                <option key={k} value={k}>
                  {ORG_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="new-parent">上级组织</label>
            <select id="new-parent" name="parentId" defaultValue="">
              <option value="">（无，作为顶级）</option>
              <OrgOptions orgs={tree} />
            </select>
          </div>
          <button type="submit">新建</button>
        </AuthForm>
      </div>
      {node && chosen ? (
        <OrgSettings
          key={node.id}
          node={node}
          tree={tree}
          rules={chosen.rules}
          ruleSetOptions={ruleSetOptions}
        />
      ) : null}
      <table className="org-table">
        <thead>
          <tr>
            <th>组织</th>
            <th>类型</th>
            <th>企业数</th>
            <th>集体协商规则</th>
            <th>职代会表决</th>
            <th>机关代字</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {tree.map((n) => (
            <tr key={n.id} className={n.id === node?.id ? "tree-row chosen" : "tree-row"} data-org={n.name}>
              <td style={{ paddingLeft: 12 + n.depth * 22 }}>{n.name}</td>
              <td>{n.kindLabel}</td>
              <td>{n.enterpriseCount}</td>
              <td>{n.ruleSet}</td>
              <td className="hint" data-testid={`thresholds-${n.name}`}>
                {n.thresholds}
              </td>
              <td>{n.numberCode}</td>
              <td>
                <Link to={`?org=${n.id}#org-settings`} aria-label={`设置${n.name}`}>
                  设置…
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type OrgNodeView = ReturnType<typeof useLoaderData<typeof loader>>["tree"][number];

/**
 * The chosen organisation's settings: its name, its parent, its bargaining rule set and congress approval rule,
 * its document style, archiving. Each form sends the node's version, so a change decided on an old page is
 * refused (the services compare it).
 */
function OrgSettings({
  node,
  tree,
  rules,
  ruleSetOptions,
}: {
  node: OrgNodeView;
  tree: OrgNodeView[];
  rules: OrgRules;
  ruleSetOptions: { id: string; name: string; statute: string }[];
}) {
  // Not under itself or anything below it (the service refuses that too): the tree comes depth first, so
  // what lies below a node follows it, deeper, up to the next node at its depth or above.
  const at = tree.findIndex((n) => n.id === node.id);
  const below = new Set<string>([node.id]);
  for (let i = at + 1; i < tree.length && tree[i].depth > node.depth; i++) below.add(tree[i].id);
  const fields = (intent: string) => (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={node.id} />
      <input type="hidden" name="version" value={node.version} />
    </>
  );
  return (
    <div className="card org-settings" id="org-settings" data-testid={`org-settings-${node.name}`}>
      <h2>
        {node.name} <span className="badge">{node.kindLabel}</span>
      </h2>
      <p className="hint">
        直属企业 {node.enterpriseCount} 家。 <Link to="?">收起</Link>
      </p>
      <div className="settings-grid">
        <section>
          <h3>名称</h3>
          <AuthForm method="post" className="inline-form">
            {fields("rename")}
            <input name="name" defaultValue={node.name} aria-label={`重命名${node.name}`} maxLength={60} />
            <button type="submit" className="secondary">
              重命名
            </button>
          </AuthForm>
        </section>
        <section>
          <h3>上级组织</h3>
          <AuthForm method="post" className="inline-form">
            {fields("move")}
            <select
              name="parentId"
              defaultValue={node.parentId ?? ""}
              aria-label={`移动${node.name}`}
              required
            >
              <option value="" disabled>
                选择上级
              </option>
              <OrgOptions orgs={tree.filter((p) => !below.has(p.id))} />
            </select>
            <button type="submit" className="secondary">
              移动
            </button>
          </AuthForm>
          <p className="hint">移动后，其下级组织和所属企业随之移动，可见范围随之调整。</p>
        </section>
        <section>
          <h3>集体协商规则</h3>
          <AuthForm method="post" className="inline-form" data-testid={`rule-set-${node.name}`}>
            {fields("ruleSet")}
            <select name="ruleSet" defaultValue={rules.own} aria-label={`${node.name}的集体协商规则`}>
              <option value="">
                继承（{rules.effective}
                {rules.from ? `，${rules.from}` : ""}）
              </option>
              {ruleSetOptions.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}（{o.statute}）
                </option>
              ))}
            </select>
            <button type="submit" className="secondary">
              保存
            </button>
          </AuthForm>
          <ApprovalRuleForm node={node} rules={rules} />
        </section>
        <section>
          <h3>公文（机关代字、版头）</h3>
          <AuthForm method="post" className="inline-form" data-testid={`org-document-${node.name}`}>
            {fields("document")}
            <input
              name="shortCode"
              defaultValue={node.shortCode}
              placeholder={node.numberCode}
              aria-label={`${node.name}的机关代字（2–6个汉字）`}
              maxLength={6}
              size={6}
            />
            <input
              name="redHead"
              defaultValue={node.redHead}
              placeholder="版头（可不填）"
              aria-label={`${node.name}的处方版头`}
              maxLength={30}
              size={14}
            />
            <button type="submit" className="secondary">
              保存
            </button>
          </AuthForm>
          <p className="hint">
            编号示例：{node.numberCode}工体〔年份〕1号、{node.numberCode}工处〔年份〕1号
          </p>
        </section>
        <section>
          <h3>归档</h3>
          <AuthForm method="post" className="inline-form">
            {fields("archive")}
            <button type="submit" className="secondary">
              归档
            </button>
          </AuthForm>
          <p className="hint">没有下级组织和企业时才能归档。</p>
        </section>
      </div>
    </div>
  );
}

type OrgRules = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["chosen"]>["rules"];

/** The congress approval rule (过半数 / 半数以上) with the article it comes from (bargaining.md "Counting thresholds"). */
function ApprovalRuleForm({ node, rules }: { node: OrgNodeView; rules: OrgRules }) {
  const { approval } = rules.thresholds;
  return (
    <AuthForm method="post" className="stack approval-rule" data-testid={`approval-rule-${node.name}`}>
      <input type="hidden" name="intent" value="approvalRule" />
      <input type="hidden" name="id" value={node.id} />
      <input type="hidden" name="version" value={node.version} />
      <p className="hint">{node.thresholds}</p>
      <div className="inline-form">
        <select
          name="approvalRule"
          defaultValue={rules.approvalOwn}
          aria-label={`${node.name}的职代会表决通过规则`}
        >
          <option value="">通过规则：继承（{approval.label}）</option>
          <option value="half_or_more">半数以上（按所适用规则）</option>
          <option value="more_than_half">过半数（本组织设定）</option>
        </select>
        <input
          name="note"
          defaultValue={rules.approvalNote}
          maxLength={200}
          placeholder="选择过半数时写明依据，如地方条例条款"
          aria-label={`${node.name}的过半数依据`}
        />
        <button type="submit" className="secondary">
          保存
        </button>
      </div>
    </AuthForm>
  );
}
