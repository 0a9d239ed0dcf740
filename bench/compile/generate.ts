/**
 * The benchmark tree (`bench/shared/menu-tree.ts`) written two ways: as a `.flow` bot (menus with
 * mr/hi/en texts and labels, leaves as pages) and as an ink story (one knot per node, one choice
 * per option, the same three-language texts on one line, leaves end the story).
 */
import type { TreeNode } from '../shared/menu-tree.js';
import { walk } from '../shared/menu-tree.js';

const position = (id: string) => id.slice(id.lastIndexOf('_') + 1);

/** The tree as one `.flow` file. */
export function treeToFlow(tree: TreeNode): string {
  const parts: string[] = [
    `bot bench\n  languages: mr "मराठी", hi "हिंदी", en "English"\n  start: ${tree.id}\n`,
  ];
  for (const node of walk(tree)) {
    if (node.children.length === 0) {
      parts.push(
        `page ${node.id}\n  text:\n    mr: "माहिती ${node.id}: आवश्यक कागदपत्रे"\n    hi: "जानकारी ${node.id}: आवश्यक दस्तावेज़"\n    en: "Information ${node.id}: documents required"\n  then back\n`,
      );
      continue;
    }
    const lines = [
      `menu ${node.id}`,
      '  text:',
      `    mr: "पर्याय निवडा (${node.id})"`,
      `    hi: "विकल्प चुनें (${node.id})"`,
      `    en: "Choose an option (${node.id})"`,
    ];
    for (const child of node.children) {
      const n = position(child.id);
      lines.push(`  option o${n} -> ${child.id}`, `    mr: "पर्याय ${n}"`, `    hi: "विकल्प ${n}"`, `    en: "Option ${n}"`);
    }
    parts.push(`${lines.join('\n')}\n`);
  }
  return parts.join('\n');
}

/** The tree as an ink story with the same texts (three languages on one line, as ink has no translations). */
export function treeToInk(tree: TreeNode): string {
  const parts: string[] = [`-> ${tree.id}\n`];
  for (const node of walk(tree)) {
    if (node.children.length === 0) {
      parts.push(
        `=== ${node.id} ===\nमाहिती ${node.id}: आवश्यक कागदपत्रे / जानकारी ${node.id}: आवश्यक दस्तावेज़ / Information ${node.id}: documents required\n-> END\n`,
      );
      continue;
    }
    const lines = [`=== ${node.id} ===`, `पर्याय निवडा / विकल्प चुनें / Choose an option (${node.id})`];
    for (const child of node.children) {
      const n = position(child.id);
      lines.push(`+ [पर्याय ${n} / विकल्प ${n} / Option ${n}] -> ${child.id}`);
    }
    parts.push(`${lines.join('\n')}\n`);
  }
  return parts.join('\n');
}
