import type { NodeDecl } from '@samvad/dsl';

/**
 * The nodes of a program numbered in declaration order, so that walks over the graph keep their
 * state in small typed arrays indexed by number instead of sets and maps of ids (a bot can have
 * thousands of nodes, and every check that follows edges would otherwise build its own).
 * Filled while the program's names are resolved, in the same pass over the declarations.
 */
export class NodeNumbering {
  /** Node ids by number. */
  readonly ids: string[] = [];
  /** Node declarations by number. */
  readonly decls: NodeDecl[] = [];
  private readonly numbers = new Map<string, number>();

  /** Numbers a node (its id must not have been added before). */
  add(id: string, decl: NodeDecl): void {
    this.numbers.set(id, this.ids.length);
    this.ids.push(id);
    this.decls.push(decl);
  }

  /** The number of the node `id`, or -1 when no node has that id. */
  numberOf(id: string): number {
    return this.numbers.get(id) ?? -1;
  }

  get size(): number {
    return this.ids.length;
  }
}
