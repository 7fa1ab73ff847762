import { useMemo, useState } from "react";
import { isVisible, visibleAnswers } from "~/domain/health-check/answers";
import { isAnswered } from "~/domain/health-check/conditions";
import type { StatuteLibrary } from "~/domain/health-check/statutes";
import type {
  AnswerValue,
  Answers,
  EnterpriseProfile,
  Question,
  Template,
} from "~/domain/health-check/types";
import { describeCondition } from "./condition-text";
import { QuestionField } from "./question-field";
import { SAMPLE_PROFILE, SampleProfileForm } from "./sample-profile";

interface Section {
  id: string;
  title: string;
  order: number;
  questions: Question[];
  visible: Question[];
  answered: number;
}

/**
 * A questionnaire as the HR manager will fill it in — one section per dimension with its progress,
 * every question with its input — run entirely in the browser: nothing is saved. Visibility conditions
 * are evaluated live against what is entered and a sample enterprise profile the admin can change.
 */
export function QuestionnairePreview({
  template,
  statutes,
}: {
  template: Template;
  statutes: StatuteLibrary;
}) {
  const [profile, setProfile] = useState<EnterpriseProfile>(SAMPLE_PROFILE);
  const [answers, setAnswers] = useState<Answers>({});
  const [current, setCurrent] = useState(0);
  const [showHidden, setShowHidden] = useState(false);

  const byId = useMemo(() => new Map(template.questions.map((q) => [q.id, q])), [template]);
  const effective = useMemo(
    () => visibleAnswers(template.questions, answers, profile),
    [template, answers, profile],
  );
  const sections: Section[] = useMemo(
    () =>
      [...template.dimensions]
        .sort((a, b) => a.order - b.order)
        .map((d) => {
          const questions = template.questions.filter((q) => q.dimensionId === d.id);
          const visible = questions.filter((q) => isVisible(q, effective, profile));
          return {
            id: d.id,
            title: d.title,
            order: d.order,
            questions,
            visible,
            answered: visible.filter((q) => isAnswered(effective[q.id])).length,
          };
        }),
    [template, effective, profile],
  );
  const required = sections.flatMap((s) => s.visible.filter((q) => q.required));
  const requiredDone = required.filter((q) => isAnswered(effective[q.id])).length;
  const index = Math.min(current, sections.length - 1);
  const section = sections[index];
  const answer = (id: string) => (value: AnswerValue | null) => setAnswers((a) => ({ ...a, [id]: value }));
  const go = (i: number) => {
    setCurrent(i);
    document.getElementById("qp-section")?.scrollIntoView({ block: "start" });
  };

  return (
    <div className="qp">
      <div className="card qp-toolbar">
        <div>
          <h2>示例企业信息</h2>
          <p className="hint">
            题目是否显示取决于企业信息和前面的回答。修改下列信息或作答，可即时查看题目的显示变化；预览中的回答不会保存。
          </p>
          <SampleProfileForm profile={profile} onChange={setProfile} />
        </div>
        <div className="qp-toolbar-actions">
          <label className="qp-choice">
            <input type="checkbox" checked={showHidden} onChange={(e) => setShowHidden(e.target.checked)} />
            同时列出当前不显示的题目（灰色）
          </label>
          <button type="button" className="secondary" onClick={() => setAnswers({})}>
            清空回答
          </button>
        </div>
      </div>

      <div className="qp-overall" data-testid="overall-progress">
        <span>
          必答题已完成 {requiredDone} / {required.length}
        </span>
        <progress value={requiredDone} max={Math.max(required.length, 1)} aria-label="必答题完成进度" />
      </div>

      <div className="qp-layout">
        <nav className="qp-steps" aria-label="问卷部分">
          {sections.map((s, i) => {
            const state =
              s.visible.length === 0
                ? "na"
                : s.answered === s.visible.length
                  ? "done"
                  : s.answered
                    ? "part"
                    : "todo";
            return (
              <button
                key={s.id}
                type="button"
                className={`qp-step ${state}${i === index ? " active" : ""}`}
                aria-current={i === index ? "step" : undefined}
                onClick={() => go(i)}
              >
                <span className="qp-step-title">
                  {i + 1}. {s.title}
                </span>
                <span className="qp-step-count">
                  {s.visible.length === 0 ? "不适用" : `${s.answered}/${s.visible.length}`}
                </span>
              </button>
            );
          })}
        </nav>

        {section ? (
          <section className="card qp-section" id="qp-section" data-dimension={section.id}>
            <header className="qp-section-head">
              <h2>
                第 {index + 1} 部分（共 {sections.length} 部分）：{section.title}
              </h2>
              <div className="qp-section-progress">
                <span>
                  本部分已答 {section.answered} / {section.visible.length} 题
                </span>
                <progress
                  value={section.answered}
                  max={Math.max(section.visible.length, 1)}
                  aria-label={`${section.title}完成进度`}
                />
              </div>
            </header>
            {section.visible.length === 0 ? (
              <p className="hint">根据企业信息和已填写的回答，本部分不适用，无需填写。</p>
            ) : null}
            {section.questions.map((q) => {
              const shown = section.visible.includes(q);
              if (!shown && !showHidden) return null;
              return (
                <div key={q.id} className={shown ? "qp-item" : "qp-item qp-hidden"}>
                  <QuestionField
                    question={q}
                    value={answers[q.id]}
                    onChange={answer(q.id)}
                    readOnly={!shown}
                    statutes={statutes}
                  >
                    {q.visibleWhen && showHidden ? (
                      <div className="qp-condition">
                        {shown ? "显示条件（已满足）" : "当前不显示，显示条件"}：
                        {describeCondition(q.visibleWhen, byId)}
                      </div>
                    ) : null}
                  </QuestionField>
                </div>
              );
            })}
            <footer className="qp-section-nav">
              <button
                type="button"
                className="secondary"
                disabled={index === 0}
                onClick={() => go(index - 1)}
              >
                上一部分
              </button>
              <button
                type="button"
                className="secondary"
                disabled={index === sections.length - 1}
                onClick={() => go(index + 1)}
              >
                下一部分
              </button>
            </footer>
          </section>
        ) : null}
      </div>
    </div>
  );
}
