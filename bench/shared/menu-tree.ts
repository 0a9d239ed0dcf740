/**
 * The generated menu tree every benchmark uses: `branching` options per menu, `depth` levels
 * of menus, leaves are pages. branching 8, depth 4 → 1 + 8 + 64 + 512 menus + 4,096 pages = 4,681 nodes.
 */
export interface TreeNode {
  readonly id: string;
  readonly children: readonly TreeNode[];
}

/** Builds the tree: node ids are `n`, `n_3`, `n_3_7`, … */
export function menuTree(branching: number, depth: number): TreeNode {
  const build = (id: string, level: number): TreeNode => ({
    id,
    children: level === depth ? [] : Array.from({ length: branching }, (_, i) => build(`${id}_${i + 1}`, level + 1)),
  });
  return build('n', 0);
}

/** Visits every node, parents before children. */
export function* walk(node: TreeNode): Generator<TreeNode> {
  yield node;
  for (const child of node.children) yield* walk(child);
}

/** Counts the nodes of a tree. */
export function countNodes(node: TreeNode): number {
  let count = 0;
  for (const _ of walk(node)) count += 1;
  return count;
}

/** Picks depth and branching 8 so that the tree has about `target` nodes (500 / 5,000 / 50,000). */
export function treeOfAbout(target: number, branching = 8): TreeNode {
  let depth = 0;
  let total = 1;
  let level = 1;
  while (total + level * branching <= target * 1.2) {
    level *= branching;
    total += level;
    depth += 1;
  }
  return menuTree(branching, depth);
}
