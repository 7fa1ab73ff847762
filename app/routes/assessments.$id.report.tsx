import type { ActionFunctionArgs, LoaderFunctionArgs, SerializeFrom } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { FormError, useActionNotice } from "~/components/form-bits";
import { NotYet } from "~/components/not-yet";
import { AnalysisCard } from "~/components/reports/analysis-editor";
import { FindingList } from "~/components/reports/finding-list";
import { usePolling } from "~/components/reports/render-status";
import {
  DimensionComparison,
  EvidenceSection,
  PrescriptionLink,
  PreviousComparison,
  RecheckTable,
  ReportFileCard,
  ReportHead,
} from "~/components/reports/report-sections";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { attempt, attemptKeepingInput, isFailure, parseForm } from "~/lib/http.server";
import { legalBasisView } from "~/services/health-check/legal-basis.server";
import { reportPage, requestReportFile, saveAnalysis } from "~/services/reports/reports.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // Before the check is accepted there is no report: the page says so (a use-case refusal, not a 500).
  const page = await attempt(() => reportPage(user, params.id ?? ""));
  if (isFailure(page)) return { notYet: page.message };
  return {
    notYet: null,
    ...page,
    findings: page.findings.map((f) => ({ ...f, basis: legalBasisView(f.legalBasis, f.citations) })),
  };
}

const version = z.coerce.number().int().nonnegative();
const ReportAction = z.discriminatedUnion("intent", [
  // The length is checked with its message by the domain (analysisProblem); this only bounds the input.
  z.object({ intent: z.literal("analysis"), version, analysis: z.string().max(200_000).default("") }),
  z.object({ intent: z.literal("render"), version }),
]);

export type ReportData = Extract<SerializeFrom<typeof loader>, { notYet: null }>;

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  const id = params.id ?? "";
  return attemptKeepingInput(async () => {
    const input = parseForm(form, ReportAction);
    switch (input.intent) {
      case "analysis": {
        const saved = await saveAnalysis(user, id, input.version, input.analysis);
        return {
          ok: true as const,
          intent: "analysis" as const,
          message: `问题分析已保存，报告更新为第 ${saved.version} 版`,
        };
      }
      case "render": {
        const render = await requestReportFile(user, id, input.version);
        return {
          ok: true as const,
          intent: "render" as const,
          message: render.status === "done" ? "该版本的报告已生成，可直接下载" : "已开始生成 Word 报告",
        };
      }
    }
  });
}

export default function ReportRoute() {
  const data = useLoaderData<typeof loader>();
  if (data.notYet !== null) return <NotYet title="体检报告" message={data.notYet} />;
  return <ReportPage data={data} />;
}

function ReportPage({ data }: { data: ReportData }) {
  const result = useActionData<typeof action>();
  const { busy, done, failure } = useActionNotice(result);
  // The analysis is saved mid-page: its message shows beside its button, the others at the top.
  const analysisSaved =
    done && result && "intent" in result && result.intent === "analysis" ? done : undefined;
  const notice = analysisSaved ? undefined : done;
  const render = data.currentRender;
  usePolling(!!render && (render.status === "queued" || render.status === "rendering"));

  return (
    <div className="report-page">
      <ReportHead data={data} />
      <FormError failure={failure} />
      {notice ? (
        <div className="notice" role="status">
          {notice}
        </div>
      ) : null}
      <ReportFileCard data={data} busy={busy} />
      <DimensionComparison data={data} />
      <AnalysisCard
        canEdit={data.canEdit}
        version={data.report.version}
        analysis={data.report.analysis}
        blocks={data.report.analysisBlocks}
        busy={busy}
        failure={failure}
        saved={analysisSaved}
      />
      <div className="card">
        <h2>发现的问题（{data.findings.length} 项）</h2>
        {data.findings.length === 0 ? <p className="hint">本次体检未发现问题。</p> : null}
        <FindingList findings={data.findings} />
      </div>
      {data.previous ? (
        <PreviousComparison previous={data.previous} assessmentId={data.assessmentId} />
      ) : null}
      {data.recheck.length ? <RecheckTable items={data.recheck} /> : null}
      <EvidenceSection data={data} />
      <PrescriptionLink data={data} />
    </div>
  );
}
