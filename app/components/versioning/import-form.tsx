import { AuthForm } from "~/components/csrf";

/**
 * The import of a new version from JSON (`intent=import`): a .json file or the JSON pasted, checked by the
 * server, which lists every error by its path and saves nothing until all is right. `idPrefix` names the
 * fields (`<prefix>-file`, `<prefix>-json`); a new `formKey` empties the form.
 */
export function JsonImportForm({
  idPrefix,
  busy,
  formKey,
}: {
  idPrefix: string;
  busy: boolean;
  formKey?: string;
}) {
  return (
    <AuthForm key={formKey} method="post" encType="multipart/form-data">
      <input type="hidden" name="intent" value="import" />
      <div className="field">
        <label htmlFor={`${idPrefix}-file`}>JSON 文件（不超过 2 MB）</label>
        <input id={`${idPrefix}-file`} name="file" type="file" accept=".json,application/json" />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-json`}>或粘贴 JSON</label>
        <textarea id={`${idPrefix}-json`} name="json" rows={8} className="json-editor" spellCheck={false} />
      </div>
      <button type="submit" disabled={busy}>
        检查并导入
      </button>
    </AuthForm>
  );
}
