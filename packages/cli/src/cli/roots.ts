/**
 * Which `.flow` files of a folder are bots in their own right: every file that no other file of
 * the set includes. A department file pulled in by `include` is checked through its root, once.
 */
import type { CompilerHost } from '@samvad/compiler';
import { parse } from '@samvad/dsl';

/** The roots among `files`; files in `named` (given by the user one by one) are always roots. */
export function flowRoots(files: readonly string[], named: ReadonlySet<string>, host: CompilerHost): string[] {
  const included = new Set<string>();
  for (const file of files) {
    const source = host.readFile(file);
    if (source === undefined) continue;
    for (const decl of parse(source, file).ast.decls) {
      if (decl.kind === 'include') included.add(host.resolve(file, decl.path.value));
    }
  }
  return files.filter((file) => named.has(file) || !included.has(file));
}
