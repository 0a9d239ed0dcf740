import { Compiler } from 'inkjs/full';
import { describe, expect, test } from 'vitest';
import { compile, memoryHost } from '@samvad/compiler';
import { countNodes, menuTree } from '../shared/menu-tree.js';
import { treeToFlow, treeToInk } from './generate.js';

describe('compile benchmark inputs', () => {
  const tree = menuTree(3, 2);

  test('the generated .flow compiles with no diagnostics and one graph node per tree node', () => {
    const result = compile('bench.flow', memoryHost({ 'bench.flow': treeToFlow(tree) }));
    expect(result.diagnostics).toEqual([]);
    expect(Object.keys(result.graph?.nodes ?? {})).toHaveLength(countNodes(tree));
  });

  test('the generated ink story compiles without errors', () => {
    const compiler = new Compiler(treeToInk(tree));
    const story = compiler.Compile();
    expect(compiler.errors).toEqual([]);
    expect(story.ContinueMaximally()).toContain('Choose an option (n)');
    expect(story.currentChoices).toHaveLength(3);
  });
});
