import { useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useCsrfToken } from "~/components/csrf";
import type { AnswerValue, Question } from "~/domain/health-check/types";
import { formatAnswer } from "./answer-input";

export type SaveState = { kind: "idle" | "dirty" | "saving" | "saved" | "error" | "stale"; message?: string };

type RegisterFlush = (id: string, flush: (() => void) | null) => void;

/**
 * One answer's autosave: debounced while typing (`change`), immediate on blur/click (`save`), never two saves
 * at once (the running save picks up a newer value when it finishes). A save that lost to another window
 * turns `stale`; `takeLatest` loads the other window's answer. What is not saved yet is sent on leaving the
 * page through `registerFlush` (see `useFlushOnLeave`).
 */
export function useAutosave({
  assessmentId,
  question,
  initial,
  onLocalChange,
  onSaved,
  registerFlush,
}: {
  assessmentId: string;
  question: Question;
  initial: { value: AnswerValue | null; rev: number } | undefined;
  onLocalChange: (id: string, value: AnswerValue | null) => void;
  onSaved: () => void;
  registerFlush: RegisterFlush;
}) {
  const csrf = useCsrfToken();
  const [value, setValue] = useState<AnswerValue | null>(initial?.value ?? null);
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const rev = useRef(initial?.rev ?? 0);
  const latest = useRef(value);
  const saving = useRef(false);
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const staleValue = useRef<AnswerValue | null>(null);

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

  const takeLatest = () => {
    setValue(staleValue.current);
    latest.current = staleValue.current;
    onLocalChange(question.id, staleValue.current);
    setState({ kind: "saved" });
  };

  return {
    value,
    state,
    change,
    save,
    takeLatest,
    /** The value as last changed (not yet rendered, e.g. right after an upload). */
    current: () => latest.current,
    fail: (message: string) => setState({ kind: "error", message }),
  };
}

/** The page's half of autosave: each answer registers its flush, all are sent when the page is hidden. */
export function useFlushOnLeave(): RegisterFlush {
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
  return registerFlush;
}

/** One refresh of the page's data (progress, counts) after a burst of saves, not one per answer. */
export function useRefreshAfterSaves(): () => void {
  const { revalidate } = useRevalidator();
  const refresh = useRef<ReturnType<typeof setTimeout>>();
  const onSaved = useCallback(() => {
    clearTimeout(refresh.current);
    refresh.current = setTimeout(() => revalidate(), 300);
  }, [revalidate]);
  useEffect(() => () => clearTimeout(refresh.current), []);
  return onSaved;
}
