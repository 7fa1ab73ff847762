/**
 * The organisation tree as `<option>`s, each indented by its depth (full-width spaces). `baseDepth` is the depth
 * shown flush left (a list that starts below the top of the tree).
 */
export function OrgOptions({
  orgs,
  baseDepth = 0,
}: {
  orgs: readonly { id: string; name: string; depth: number }[];
  baseDepth?: number;
}) {
  return (
    <>
      {orgs.map((o) => (
        <option key={o.id} value={o.id}>
          {"\u3000".repeat(Math.max(0, o.depth - baseDepth))}
          {o.name}
        </option>
      ))}
    </>
  );
}
