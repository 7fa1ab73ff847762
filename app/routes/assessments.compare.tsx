import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { idParam, parseQuery } from "~/lib/query";
import { compareEnterpriseAssessments } from "~/services/health-check/assessments.server";
import { requireUser } from "~/services/accounts/auth.server";
import { badRequest, isFailure, attempt } from "~/lib/http.server";

const CompareQuery = z.object({ a: idParam, b: idParam });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { a, b } = parseQuery(CompareQuery, request);
  const result = await attempt(() => compareEnterpriseAssessments(user, a ?? "", b ?? ""));
  if (isFailure(result)) throw badRequest(result.message);
  return result;
}

export default function Compare() {
  const data = useLoaderData<typeof loader>();
  const c = data.comparison;
  const show = (v: number | null) => (v === null ? "不适用" : v);
  return (
    <div>
      <h1>{data.enterpriseName} · 体检对比</h1>
      <table>
        <thead>
          <tr>
            <th>维度</th>
            <th>{data.older.date}</th>
            <th>{data.newer.date}</th>
            <th>变化</th>
          </tr>
        </thead>
        <tbody>
          {c.dimensions.map((d) => (
            <tr key={d.id}>
              <td>{d.title}</td>
              <td>{show(d.previous)}</td>
              <td>{show(d.current)}</td>
              <td>{d.delta === null ? "—" : d.delta > 0 ? `+${d.delta}` : d.delta}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="grid" style={{ marginTop: 16 }}>
        <div className="card">
          <h2>已整改（{c.resolvedFindings.length}）</h2>
          <ul>
            {c.resolvedFindings.map((f) => (
              <li key={f.ruleId}>
                {f.ruleId} {f.title}
              </li>
            ))}
          </ul>
        </div>
        <div className="card">
          <h2>新发现（{c.newFindings.length}）</h2>
          <ul>
            {c.newFindings.map((f) => (
              <li key={f.ruleId}>
                {f.ruleId} {f.title}
              </li>
            ))}
          </ul>
        </div>
        <div className="card">
          <h2>本次不再适用（{c.notApplicableFindings.length}）</h2>
          <p className="hint">上次发现、本次不适用或未作答，不计入已整改。</p>
          <ul>
            {c.notApplicableFindings.map((f) => (
              <li key={f.ruleId}>
                {f.ruleId} {f.title}
              </li>
            ))}
          </ul>
        </div>
        <div className="card">
          <h2>仍存在（{c.persistingFindings.length}）</h2>
          <ul>
            {c.persistingFindings.map((f) => (
              <li key={f.ruleId}>
                {f.ruleId} {f.title}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
