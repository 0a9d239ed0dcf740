/**
 * Registers the commands, in the order `samvad --help` lists them, loading only the command that
 * runs: each command's module (and what it needs: the compiler, Ink, the server…) is imported when
 * its name is on the command line. The others are listed from the table below, so `samvad --help`
 * starts without loading any of them; a test checks the table against the commands themselves.
 */
import type { Command } from 'commander';
import type { CommandEnv } from '../cli/command.js';

/** Registers one command, fully (its options, help and action), on the program. */
export type Registrar = (program: Command, env: CommandEnv) => void;

/** A command as the top-level help lists it, and how to load its registration. */
export interface CommandEntry {
  readonly name: string;
  /** The usage shown in the listing, e.g. `check [options] <paths...>`. */
  readonly term: string;
  readonly description: string;
  readonly load: () => Promise<Registrar>;
}

/** Every command, in listing order. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'check', term: 'check [options] <paths...>', description: 'check .flow files for errors and warnings', load: async () => (await import('./check.js')).registerCheck },
  { name: 'compile', term: 'compile [options] <file>', description: 'compile a .flow bot into deterministic graph JSON', load: async () => (await import('./compile.js')).registerCompile },
  { name: 'validate', term: 'validate <graph>', description: 'check a compiled graph.json against the schema', load: async () => (await import('./validate.js')).registerValidate },
  { name: 'graph', term: 'graph [options] <file>', description: 'draw a bot as Mermaid, Graphviz dot or SVG', load: async () => (await import('./graph.js')).registerGraph },
  { name: 'fmt', term: 'fmt [options] <files...>', description: 'lay .flow files out the standard way (in place)', load: async () => (await import('./fmt.js')).registerFmt },
  { name: 'lsp', term: 'lsp [options]', description: 'run the .flow language server over stdio (editors start it)', load: async () => (await import('./lsp.js')).registerLsp },
  { name: 'chat', term: 'chat [options] <file>', description: 'talk to a bot in the terminal simulator', load: async () => (await import('./chat.js')).registerChat },
  { name: 'test', term: 'test [options] <paths...>', description: 'run conversation tests (*.convo files)', load: async () => (await import('./test.js')).registerTest },
  {
    name: 'studio',
    term: 'studio [options] <file>',
    description: 'write a bot in the browser: live diagnostics, phone preview, map, tests, translations',
    load: async () => (await import('./studio.js')).registerStudio,
  },
  {
    name: 'explain',
    term: 'explain [options] <file> <message>',
    description: 'show how a message is matched: its words, the candidates with their scores, the decision',
    load: async () => (await import('./explain.js')).registerExplain,
  },
  {
    name: 'routing',
    term: 'routing [options] <file> <set>',
    description: 'score a routing set: citizen messages and the node each must reach',
    load: async () => (await import('./routing.js')).registerRouting,
  },
  { name: 'serve', term: 'serve [options] [graph]', description: 'run the WhatsApp Cloud API webhook server for a bot (or, with --config, for several numbers and bots)', load: async () => (await import('./serve.js')).registerServe },
  {
    name: 'fake-graph-api',
    term: 'fake-graph-api [options]',
    description: 'run a local fake of the WhatsApp Graph API send endpoint (tests, demos, benchmarks)',
    load: async () => (await import('./fake-graph-api.js')).registerFakeGraphApi,
  },
  {
    name: 'outbox',
    term: 'outbox',
    description: 'list the replies `serve` has not sent (or gave up), and send failed ones again',
    load: async () => (await import('./outbox.js')).registerOutbox,
  },
  {
    name: 'db',
    term: 'db',
    description: 'the PostgreSQL database of serve: apply migrations, copy a district from SQLite',
    load: async () => (await import('./db.js')).registerDb,
  },
];

/** The commands named anywhere in `args` (a false hit only costs a load; a miss cannot happen). */
export function namedCommands(args: readonly string[]): CommandEntry[] {
  const words = new Set(args);
  return COMMANDS.filter((entry) => words.has(entry.name));
}

/** Loads the registrations of `entries`. */
export async function loadRegistrars(entries: readonly CommandEntry[]): Promise<ReadonlyMap<string, Registrar>> {
  const loaded = await Promise.all(entries.map(async (entry) => [entry.name, await entry.load()] as const));
  return new Map(loaded);
}

/** Loads every command's registration (for tests and tools that want the whole program). */
export function loadAllRegistrars(): Promise<ReadonlyMap<string, Registrar>> {
  return loadRegistrars(COMMANDS);
}

/**
 * Registers every command: fully where `loaded` has its registration, otherwise as a listing entry
 * (name, usage and description) whose action cannot run. Returns the listing entries' usages, for
 * the help formatter.
 */
export function registerCommands(program: Command, env: CommandEnv, loaded: ReadonlyMap<string, Registrar>): ReadonlyMap<Command, string> {
  const listed = new Map<Command, string>();
  for (const entry of COMMANDS) {
    const register = loaded.get(entry.name);
    if (register !== undefined) {
      register(program, env);
      continue;
    }
    const stub = program
      .command(entry.name)
      .description(entry.description)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => {
        throw new Error(`command \`${entry.name}\` was listed but not loaded`);
      });
    listed.set(stub, entry.term);
  }
  return listed;
}
