import { useState } from "react";
import { AuthForm } from "~/components/csrf";
import type { FormFailure } from "~/components/form-bits";
import { parseAnalysis, type RichBlock } from "~/domain/reports/analysis";
import { RichText } from "./rich-text";

/**
 * The report's 问题分析: an editor with a live preview for who may edit, the text for the others. Its saved
 * message shows beside its button (it sits mid-page).
 */
export function AnalysisCard({
  canEdit,
  version,
  analysis,
  blocks,
  busy,
  failure,
  saved,
}: {
  canEdit: boolean;
  version: number;
  analysis: string;
  blocks: RichBlock[];
  busy: boolean;
  failure: FormFailure | undefined;
  saved: string | undefined;
}) {
  const [draft, setDraft] = useState(analysis);
  return (
    <div className="card">
      <h2>问题分析</h2>
      {canEdit ? (
        <AuthForm method="post" className="analysis-editor" preventScrollReset>
          <input type="hidden" name="intent" value="analysis" />
          <input type="hidden" name="version" value={version} />
          <div className="analysis-columns">
            <div>
              <label htmlFor="analysis">
                编辑（空一行分段；“- ”开头为列表，“1.”开头为编号，“## ”开头为小标题）
              </label>
              <textarea
                id="analysis"
                name="analysis"
                rows={14}
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
                placeholder={"例如：\n## 主要问题\n- 劳动合同签订不及时\n- 加班费计算基数偏低\n\n建议企业……"}
              />
              {failure?.fieldErrors.analysis ? (
                <div className="field-error">{failure.fieldErrors.analysis.join("；")}</div>
              ) : null}
            </div>
            <div>
              <div className="hint">预览</div>
              <div className="analysis-preview">
                {draft.trim() ? <RichText blocks={parseAnalysis(draft)} /> : <p className="hint">尚未填写</p>}
              </div>
            </div>
          </div>
          <button type="submit" disabled={busy || draft.trim() === analysis}>
            保存问题分析
          </button>
          {saved ? (
            <span className="saved-note" role="status" data-testid="analysis-saved">
              {saved}
            </span>
          ) : null}
        </AuthForm>
      ) : blocks.length ? (
        <RichText blocks={blocks} />
      ) : (
        <p className="hint">指导员尚未填写问题分析。</p>
      )}
    </div>
  );
}
