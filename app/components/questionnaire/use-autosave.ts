import { useNavigation, useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useCsrfToken } from "~/components/csrf";
import type { AnswerValue, Question } from "~/domain/health-check/types";
import { formatAnswer } from "./answer-input";

export type SaveState = { kind: "idle" | "dirty" | "saving" | "saved" | "error" | "stale"; message?: string };

type RegisterFlush = (id: string, flush: (() => void) | null) => void;

/**
 * This page load's id, sent with every save with the number of the edit, so that the server tells this
 * window's own earlier saves from another window's (domain/health-check/autosave.ts). Random, not secret.
 */
const WINDOW_ID = typeof window === "undefined" ? "" : randomId();
/** Edits are numbered across the page, so an answer's blocks on two visits of its dimension keep order. */
let editCount = 0;

function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes); // randomUUID needs a secure context; this does not
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** An edit as sent: the value, the revision it builds on, the window that made it and its number. */
interface Edit {
  value: AnswerValue | null;
  baseRev: number;
  writer: string;
  seq: number;
}

type SaveResult =
  | { ok: true; rev: number }
  | { ok: false; message: string; stale?: boolean; current?: { value: AnswerValue | null; rev: number } };

/**
 * Set while the page is being left (reload, closed tab): a save that comes back then does not forget its
 * kept edit, because the next page may have been read before that save was written (the old page runs
 * until the new one arrives); the next page compares the kept edit with what it shows and drops it there.
 */
let leaving = false;

/**
 * Edits not known to be saved, one per answer, in the tab's sessionStorage: a page reloaded before its
 * last edit's save came back (the reload's page can be read before that save is written) shows the edit
 * again and sends it once more as the page that made it; the server keeps it once.
 */
const unsaved = {
  key: (assessmentId: string, questionId: string) => `autosave:${assessmentId}:${questionId}`,
  read(key: string): Edit | null {
    try {
      const raw = sessionStorage.getItem(key);
      return raw ? (JSON.parse(raw) as Edit) : null;
    } catch {
      return null;
    }
  },
  write(key: string, edit: Edit) {
    try {
      sessionStorage.setItem(key, JSON.stringify(edit));
    } catch {
      // Storage full or turned off: the save on leaving the page remains.
    }
  },
  /** Forgets the kept edit once this one or a later one of the same window is saved. */
  saved(key: string, edit: Edit) {
    const kept = unsaved.read(key);
    if (kept && kept.writer === edit.writer && kept.seq <= edit.seq) unsaved.drop(key);
  },
  drop(key: string) {
    try {
      sessionStorage.removeItem(key);
    } catch {
      // nothing kept
    }
  },
};

/**
 * One answer's autosave: debounced while typing (`change`), immediate on blur/click (`save`), one save at a
 * time while the page is in use (the running save sends the newer edit when it is back). On leaving the
 * page (reload, closed tab, hidden tab) and when the block goes (another dimension opened), what is not
 * sent goes at once with `keepalive`, whatever is still on its way: the server keeps one window's edits in
 * their order. A save that lost to another window turns `stale`; `takeLatest` loads that window's answer.
 */
export function useAutosave({
  assessmentId,
  question,
  initial,
  enabled,
  onLocalChange,
  onSaved,
  registerFlush,
}: {
  assessmentId: string;
  question: Question;
  initial: { value: AnswerValue | null; rev: number } | undefined;
  /** Whether the person may change the answer now (an edit kept from an earlier page is sent only then). */
  enabled: boolean;
  onLocalChange: (id: string, value: AnswerValue | null) => void;
  onSaved: () => void;
  registerFlush: RegisterFlush;
}) {
  const csrf = useCsrfToken();
  const [value, setValue] = useState<AnswerValue | null>(initial?.value ?? null);
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const rev = useRef(initial?.rev ?? 0);
  const latest = useRef(value);
  /** The number of the latest edit. */
  const seq = useRef(0);
  /** An edit not sent yet. */
  const dirty = useRef(false);
  const inFlight = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const staleValue = useRef<AnswerValue | null>(null);
  const key = unsaved.key(assessmentId, question.id);

  async function send(edit: Edit, keepalive: boolean) {
    inFlight.current += 1;
    setState({ kind: "saving" });
    let result: SaveResult | null;
    try {
      const fd = new FormData();
      fd.set("_csrf", csrf);
      fd.set("questionId", question.id);
      fd.set("value", JSON.stringify(edit.value));
      fd.set("baseRev", String(edit.baseRev));
      fd.set("writer", edit.writer);
      fd.set("seq", String(edit.seq));
      const response = await fetch(`/assessments/${assessmentId}/answer`, {
        method: "POST",
        body: fd,
        keepalive,
      });
      result = (await response.json()) as SaveResult;
    } catch {
      result = null;
    }
    inFlight.current -= 1;
    if (result === null) {
      // Not sent, or no answer: sent again with the next edit, or on leaving the page.
      dirty.current = true;
      setState({ kind: "error", message: "网络异常，未能保存，将在您下次修改时重试" });
    } else if (result.ok) {
      rev.current = Math.max(rev.current, result.rev);
      if (!leaving) unsaved.saved(key, edit);
      onSaved();
      if (inFlight.current === 0) {
        if (dirty.current) save();
        else setState({ kind: "saved" });
      }
    } else if (result.stale && result.current) {
      unsaved.drop(key);
      rev.current = result.current.rev;
      staleValue.current = result.current.value;
      setState({
        kind: "stale",
        message: `此题已在其他窗口修改为“${formatAnswer(question, result.current.value)}”。点击“使用最新内容”加载，或重新作答后将覆盖它。`,
      });
    } else {
      unsaved.drop(key); // refused as it is: a reload shows what is saved
      setState({ kind: "error", message: result.message });
    }
  }

  /** Sends the latest edit: now, or (while the page is in use) when the save on its way is back. */
  function save(keepalive = false) {
    clearTimeout(timer.current);
    if (!dirty.current) return;
    if (inFlight.current > 0 && !keepalive) return;
    dirty.current = false;
    void send(
      { value: latest.current, baseRev: rev.current, writer: WINDOW_ID, seq: seq.current },
      keepalive,
    );
  }

  const leave = useRef(() => {});
  leave.current = () => save(true);
  useEffect(() => {
    registerFlush(question.id, () => leave.current());
    return () => {
      registerFlush(question.id, null);
      leave.current(); // the block goes (another dimension opened) before its debounced save
    };
  }, [question.id, registerFlush]);

  const restore = useRef(() => {});
  restore.current = () => {
    const kept = unsaved.read(key);
    if (!kept) return;
    if (!enabled || JSON.stringify(kept.value) === JSON.stringify(initial?.value ?? null)) {
      unsaved.drop(key);
      return;
    }
    // An edit of an earlier page (reloaded, closed) whose save was not seen to come back: shown and sent
    // again as that page's edit, which the server keeps once.
    setValue(kept.value);
    latest.current = kept.value;
    onLocalChange(question.id, kept.value);
    void send(kept, false);
  };
  useEffect(() => restore.current(), []);

  const change = (v: AnswerValue | null) => {
    setValue(v);
    latest.current = v;
    dirty.current = true;
    seq.current = ++editCount;
    unsaved.write(key, { value: v, baseRev: rev.current, writer: WINDOW_ID, seq: seq.current });
    onLocalChange(question.id, v);
    setState({ kind: "dirty" });
    clearTimeout(timer.current);
    timer.current = setTimeout(() => save(), 600);
  };

  const takeLatest = () => {
    unsaved.drop(key);
    dirty.current = false;
    setValue(staleValue.current);
    latest.current = staleValue.current;
    onLocalChange(question.id, staleValue.current);
    setState({ kind: "saved" });
  };

  return {
    value,
    state,
    change,
    /** Saves now (blur, click, an uploaded file) instead of after the debounce. */
    save: () => save(),
    takeLatest,
    /** The value as last changed (not yet rendered, e.g. right after an upload). */
    current: () => latest.current,
    fail: (message: string) => setState({ kind: "error", message }),
  };
}

/**
 * The page's half of autosave: each answer registers its flush, all are sent as the page is left —
 * `beforeunload` (before a reload's or a link's request goes out), `pagehide` (a closed tab, a page put
 * in the back-forward cache) and a hidden tab (a phone switching apps may never unload the page).
 */
export function useFlushOnLeave(): RegisterFlush {
  const flushes = useRef(new Map<string, () => void>());
  const registerFlush = useCallback((id: string, flush: (() => void) | null) => {
    if (flush) flushes.current.set(id, flush);
    else flushes.current.delete(id);
  }, []);
  useEffect(() => {
    const flushAll = () => flushes.current.forEach((flush) => flush());
    const onLeave = () => {
      leaving = true;
      flushAll();
    };
    // Back from the back-forward cache: the page is in use again.
    const onShow = () => {
      leaving = false;
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") flushAll();
    };
    window.addEventListener("beforeunload", onLeave);
    window.addEventListener("pagehide", onLeave);
    window.addEventListener("pageshow", onShow);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      window.removeEventListener("beforeunload", onLeave);
      window.removeEventListener("pagehide", onLeave);
      window.removeEventListener("pageshow", onShow);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, []);
  return registerFlush;
}

/**
 * One refresh of the page's data (progress, counts) after a burst of saves, not one per answer; started only
 * while the router is idle (a revalidation started over a navigation or another revalidation aborts it, and
 * the router can leave that abort unhandled), else tried again a moment later.
 */
export function useRefreshAfterSaves(): () => void {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const idle = useRef(true);
  idle.current = revalidator.state === "idle" && navigation.state === "idle";
  const { revalidate } = revalidator;
  const refresh = useRef<ReturnType<typeof setTimeout>>();
  const onSaved = useCallback(() => {
    clearTimeout(refresh.current);
    const attempt = () => {
      if (idle.current) revalidate();
      else refresh.current = setTimeout(attempt, 300);
    };
    refresh.current = setTimeout(attempt, 300);
  }, [revalidate]);
  useEffect(() => () => clearTimeout(refresh.current), []);
  return onSaved;
}
