import { useState } from "react";

/**
 * A multi-file picker that always speaks Chinese (the browser's own button speaks the browser's language):
 * the input stays in the form under `name`; the label shows how many files are picked and their names.
 */
export function FilePicker({ id, name, label }: { id: string; name: string; label: string }) {
  const [picked, setPicked] = useState<string[]>([]);
  return (
    <div className="evidence-upload">
      <label className="button secondary" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        type="file"
        multiple
        className="visually-hidden"
        accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx"
        onChange={(e) => setPicked([...(e.currentTarget.files ?? [])].map((f) => f.name))}
      />
      <span className="hint" data-testid={`${id}-picked`}>
        {picked.length ? `已选择 ${picked.length} 个：${picked.join("、")}` : "未选择文件"}
      </span>
    </div>
  );
}
