import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator, type ShouldRevalidateFunction } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useCsrfToken } from "~/components/csrf";
import { EvidenceFileButton } from "~/components/form-bits";
import { AnswerInput, formatAnswer } from "~/components/questionnaire/answer-input";
import { LegalBasis } from "~/components/questionnaire/legal-basis";
import { helpText } from "~/components/questionnaire-preview/question-field";
import { visibleQuestions } from "~/domain/health-check/answers";
import type { AnswerValue, Answers, Question } from "~/domain/health-check/types";
import { assessmentForm } from "~/services/assessments.server";
import { requireUser } from "~/services/auth.server";
import { notFound } from "~/services/http.server";
import { legalBasisView } from "~/services/legal-basis.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const form = await assessmentForm(user, params.id ?? "");
  const dims = form.template.dimensions.slice().sort((a, b) => a.order - b.order);
  const index = dims.findIndex((d) => d.id === params.dim);
  if (index === -1) throw notFound("该维度不存在");
  const dimension = dims[index];
  const questions = form.template.questions.filter((q) => q.dimensionId === dimension.id);
  return {
    assessmentId: String(form.assessment._id),
    dimension: { id: dimension.id, title: dimension.title },
    prev: index > 0 ? dims[index - 1].id : null,
    next: index < dims.length - 1 ? dims[index + 1].id : null,
    // Every question (without rules) so visibility is decided in the browser as answers change.
    allQuestions: form.template.questions.map((q) => ({
      id: q.id,
      dimensionId: q.dimensionId,
      visibleWhen: q.visibleWhen,
    })),
    questions: questions.map((q) => ({ ...q, basis: legalBasisView(q.legalBasis, q.citations) })),
    answers: Object.fromEntries([...form.map].map(([id, a]) => [id, { value: a.value, rev: a.rev }])),
    profile: form.profile,
    canFill: form.canFill,
    readOnlyNote: form.canFill ? null : readOnlyNote(form.assessment.status, form.fillsForEnterprise),
    remarks: Object.fromEntries(form.assessment.remarks.map((r) => [r.questionId, r.text])),
  };
}

/** Why the answers on the page cannot be changed, in the words of the person looking at them. */
function readOnlyNote(status: string, fillsForEnterprise: boolean): string {
  if (status === "accepted") return "该体检已审核通过，答案不能再修改。";
  if (status === "submitted") {
    return fillsForEnterprise
      ? "已提交，等待工会指导员审核。审核期间只能查看，不能修改。"
      : "企业已提交，请在“审核”页填写批注或审核通过。";
  }
  return "以下为企业已保存的答案，仅供查看；由企业人力资源负责人填写。";
}

/**
 * Autosave refreshes the assessment layout (progress, counts per dimension) after answers are saved; this
 * page's own data is not needed again then — each question keeps its state — so only navigations and
 * form posts reload it.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  currentUrl,
  nextUrl,
  formMethod,
  defaultShouldRevalidate,
}) => (formMethod === undefined && currentUrl.href === nextUrl.href ? false : defaultShouldRevalidate);

type SaveState = { kind: "idle" | "dirty" | "saving" | "saved" | "error" | "stale"; message?: string };

/** One question with autosave: debounced while typing, immediate on blur/click, never two saves at once. */
function QuestionBlock({
  question,
  initial,
  assessmentId,
  canFill,
  remark,
  onLocalChange,
  onSaved,
  registerFlush,
}: {
  question: Question & { basis: ReturnType<typeof legalBasisView> };
  initial: { value: AnswerValue | null; rev: number } | undefined;
  assessmentId: string;
  canFill: boolean;
  remark?: string;
  onLocalChange: (id: string, value: AnswerValue | null) => void;
  onSaved: () => void;
  registerFlush: (id: string, flush: (() => void) | null) => void;
}) {
  const csrf = useCsrfToken();
  const [value, setValue] = useState<AnswerValue | null>(initial?.value ?? null);
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const rev = useRef(initial?.rev ?? 0);
  const latest = useRef(value);
  const saving = useRef(false);
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const [uploading, setUploading] = useState(false);

  const body = useCallback(
    (v: AnswerValue | null) => {
      const fd = new FormData();
      fd.set("_csrf", csrf);
      fd.set("questionId", question.id);
      fd.set("value", JSON.stringify(v));
      fd.set("baseRev", String(rev.current));
      return fd;
    },
    [csrf, question.id],
  );

  const save = useCallback(async () => {
    clearTimeout(timer.current);
    if (!dirty.current) return;
    if (saving.current) return; // the running save picks up the newer value when it finishes
    saving.current = true;
    dirty.current = false;
    const sent = latest.current;
    setState({ kind: "saving" });
    try {
      const response = await fetch(`/assessments/${assessmentId}/answer`, {
        method: "POST",
        body: body(sent),
      });
      const result = (await response.json()) as
        | { ok: true; rev: number }
        | {
            ok: false;
            message: string;
            stale?: boolean;
            current?: { value: AnswerValue | null; rev: number };
          };
      if (result.ok) {
        rev.current = result.rev;
        setState(dirty.current ? { kind: "dirty" } : { kind: "saved" });
        onSaved();
      } else if (result.stale && result.current) {
        setState({
          kind: "stale",
          message: `此题已在其他窗口修改为“${formatAnswer(question, result.current.value)}”。点击“使用最新内容”加载，或重新作答后将覆盖它。`,
        });
        rev.current = result.current.rev;
        staleValue.current = result.current.value;
      } else {
        setState({ kind: "error", message: result.message });
      }
    } catch {
      dirty.current = true;
      setState({ kind: "error", message: "网络异常，未能保存，将在您下次修改时重试" });
    } finally {
      saving.current = false;
      if (dirty.current) void save();
    }
  }, [assessmentId, body, question, onSaved]);
  const staleValue = useRef<AnswerValue | null>(null);

  useEffect(() => {
    // On leaving the page (reload, closed tab) send what is not saved yet.
    registerFlush(question.id, () => {
      if (dirty.current) navigator.sendBeacon(`/assessments/${assessmentId}/answer`, body(latest.current));
    });
    return () => registerFlush(question.id, null);
  }, [assessmentId, body, question.id, registerFlush]);

  const change = (v: AnswerValue | null) => {
    setValue(v);
    latest.current = v;
    dirty.current = true;
    onLocalChange(question.id, v);
    setState({ kind: "dirty" });
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), 600);
  };

  const upload = async (file: File) => {
    setUploading(true);
    const fd = new FormData();
    fd.set("_csrf", csrf);
    fd.set("questionId", question.id);
    fd.set("file", file);
    try {
      const response = await fetch(`/assessments/${assessmentId}/evidence`, { method: "POST", body: fd });
      const result = (await response.json()) as
        { ok: true; file: { fileId: string; name: string } } | { ok: false; message: string };
      if (result.ok) {
        const list = Array.isArray(latest.current)
          ? (latest.current as { fileId: string; name: string }[])
          : [];
        change([...list, result.file]);
        void save();
      } else {
        setState({ kind: "error", message: `“${file.name}”未能上传：${result.message}` });
      }
    } catch {
      // No answer from the server, or not its JSON (e.g. a proxy's error page): nothing was attached.
      setState({ kind: "error", message: `“${file.name}”未能上传：网络异常，请稍后重试` });
    } finally {
      setUploading(false);
    }
  };

  return (
    <div className="question" data-question={question.id}>
      <div className="question-title">
        <span className="question-id">{question.id}</span>
        {question.text}
        {question.required ? <span className="required-mark">*</span> : null}
      </div>
      {remark ? (
        <div className="remark" data-testid={`remark-${question.id}`}>
          指导员批注：{remark}
        </div>
      ) : null}
      <AnswerInput
        question={question}
        value={value}
        onChange={change}
        onCommit={() => void save()}
        disabled={!canFill}
        fileHref={(fileId) => `/assessments/${assessmentId}/evidence/${fileId}`}
      />
      {question.type === "evidence" && canFill ? (
        <div className="evidence-upload">
          <EvidenceFileButton
            uploading={uploading}
            aria-label={`上传${question.id}的附件`}
            disabled={uploading}
            onPick={(input) => {
              const file = input.files?.[0];
              if (file) void upload(file);
              input.value = "";
            }}
          />
          <span className="hint">PDF、JPG、PNG、Word、Excel，单个不超过 10 MB</span>
        </div>
      ) : null}
      {helpText(question) ? <div className="hint">{helpText(question)}</div> : null}
      <LegalBasis basis={question.basis} />
      <div
        className={`save-state ${state.kind === "saved" ? "saved" : state.kind === "error" || state.kind === "stale" ? "error" : ""}`}
        data-state={state.kind}
      >
        {state.kind === "saving" ? "正在保存…" : null}
        {state.kind === "saved" ? "已保存" : null}
        {state.kind === "dirty" ? "未保存" : null}
        {state.kind === "error" || state.kind === "stale" ? state.message : null}
        {state.kind === "stale" ? (
          <button
            type="button"
            className="link"
            onClick={() => {
              setValue(staleValue.current);
              latest.current = staleValue.current;
              onLocalChange(question.id, staleValue.current);
              setState({ kind: "saved" });
            }}
          >
            使用最新内容
          </button>
        ) : null}
      </div>
    </div>
  );
}

export default function DimensionPage() {
  const data = useLoaderData<typeof loader>();
  const { revalidate } = useRevalidator();
  const refresh = useRef<ReturnType<typeof setTimeout>>();
  // One refresh of the progress after a burst of saves, not one per answer.
  const onSaved = useCallback(() => {
    clearTimeout(refresh.current);
    refresh.current = setTimeout(() => revalidate(), 300);
  }, [revalidate]);
  useEffect(() => () => clearTimeout(refresh.current), []);
  const [local, setLocal] = useState<Answers>(() =>
    Object.fromEntries(Object.entries(data.answers).map(([id, a]) => [id, a.value])),
  );
  const flushes = useRef(new Map<string, () => void>());
  const registerFlush = useCallback((id: string, flush: (() => void) | null) => {
    if (flush) flushes.current.set(id, flush);
    else flushes.current.delete(id);
  }, []);
  useEffect(() => {
    const onHide = () => flushes.current.forEach((flush) => flush());
    window.addEventListener("pagehide", onHide);
    return () => window.removeEventListener("pagehide", onHide);
  }, []);

  const visibleIds = useMemo(() => {
    return new Set(visibleQuestions(data.allQuestions as Question[], local, data.profile).map((q) => q.id));
  }, [data.allQuestions, data.profile, local]);

  const shown = data.questions.filter((q) => visibleIds.has(q.id));
  return (
    <div className="card" key={data.dimension.id}>
      <h2>{data.dimension.title}</h2>
      {data.readOnlyNote ? (
        <div className="notice read-only-note" data-testid="read-only-note">
          {data.readOnlyNote}
        </div>
      ) : null}
      {shown.length === 0 ? <p className="hint">根据企业情况，本维度没有需要填写的问题（不适用）。</p> : null}
      {shown.map((q) => (
        <QuestionBlock
          key={q.id}
          question={q as never}
          initial={data.answers[q.id]}
          assessmentId={data.assessmentId}
          canFill={data.canFill}
          remark={data.remarks[q.id]}
          onLocalChange={(id, v) => setLocal((prev) => ({ ...prev, [id]: v }))}
          onSaved={onSaved}
          registerFlush={registerFlush}
        />
      ))}
      <div style={{ display: "flex", justifyContent: "space-between", marginTop: 16 }}>
        {data.prev ? (
          <Link className="button secondary" to={`/assessments/${data.assessmentId}/d/${data.prev}`}>
            上一维度
          </Link>
        ) : (
          <span />
        )}
        {data.next ? (
          <Link className="button" to={`/assessments/${data.assessmentId}/d/${data.next}`}>
            下一维度
          </Link>
        ) : (
          <Link className="button" to={`/assessments/${data.assessmentId}/summary`}>
            {data.canFill ? "去汇总并提交" : "查看汇总"}
          </Link>
        )}
      </div>
    </div>
  );
}
