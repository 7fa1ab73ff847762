/**
 * Subtrees of the union organisation tree, in memory: nodes as read with their ancestors (the tree is small,
 * read once per page). One definition for the workbench, the lists' organisation filters and the cultivation
 * pages.
 */
interface TreeNode {
  _id: unknown;
  ancestors: readonly unknown[];
  archived?: boolean;
}

/** The nodes of these roots' subtrees: each root and every node below one. */
export function subtreeOf<T extends TreeNode>(nodes: readonly T[], rootIds: Iterable<string>): T[] {
  const roots = new Set(rootIds);
  return nodes.filter((n) => roots.has(String(n._id)) || n.ancestors.some((a) => roots.has(String(a))));
}

/**
 * A subtree as the dashboard counts it (a list filtered by an organisation shows what its figures count):
 * archived nodes left out, their own records being in no figure.
 */
export function countedSubtreeOf<T extends TreeNode>(nodes: readonly T[], rootId: string): T[] {
  return subtreeOf(nodes, [rootId]).filter((n) => !n.archived);
}
