/**
 * `samvad explain <bot.flow> "<message>" [--at <node>]`: how the matcher reads a message — its
 * words and their keys, every option some word reached with its score, the decision — and what
 * the bot then does (the same `step` a citizen's message goes through).
 */
import type { Command } from 'commander';
import { explainMessage, step } from '@samvad/runtime';
import type { Graph, Session } from '@samvad/runtime';
import { action } from '../cli/command.js';
import type { CommandEnv } from '../cli/command.js';
import { loadBot } from '../cli/bot.js';
import { CliError, ExitCode } from '../cli/exit.js';

interface ExplainFlags {
  readonly at?: string;
  readonly json?: boolean;
}

/** What `step` does with the message, at `at` (a node) or as a first message. */
function behaviour(graph: Graph, text: string, at: string | undefined): string {
  const now = 1_000_000;
  let session: Session | undefined;
  if (at !== undefined) {
    const greeted = step(graph, undefined, { kind: 'reply', id: '~home' }, { now });
    session = { ...greeted.session, node: at, history: at === graph.start ? [] : [graph.start] };
  }
  const { event } = step(graph, session, { kind: 'text', text }, { now: now + 1_000 });
  const chosen = event.chosen === undefined ? '' : `, chose ${event.chosen}`;
  return `${event.outcome} → node ${event.node} (matched by ${event.matchedBy}${chosen}; replies in ${event.language})`;
}

/** Registers `samvad explain`. */
export function registerExplain(program: Command, env: CommandEnv): void {
  program
    .command('explain')
    .description('show how a message is matched: its words, the candidates with their scores, the decision')
    .argument('<file>', 'a root .flow file or a compiled graph.json')
    .argument('<message>', 'what the citizen types')
    .option('--at <node>', 'the node the citizen is at (default: the message opens the conversation)')
    .option('--json', 'print the explanation as JSON')
    .addHelpText('after', '\nExamples:\n  samvad explain flows/jalna-mitra.flow "mala utpanna dakhla pahije"\n  samvad explain flows/jalna-mitra.flow "police" --at gr_departments')
    .action(
      action(env, async (file: string, message: string, flags: ExplainFlags) => {
        const { ctx } = env;
        const bot = await loadBot(ctx.cwd, file, ctx.colorErr);
        if (!bot.ok) {
          ctx.stderr.write(bot.report);
          return ExitCode.failed;
        }
        const graph = bot.graph;
        const at = flags.at;
        if (at !== undefined && !Object.hasOwn(graph.nodes, at)) throw new CliError(`--at: no node is named \`${at}\``);
        const screen = at !== undefined && graph.nodes[at]?.kind === 'menu' ? at : undefined;
        const explanation = explainMessage(graph, message, screen);
        const does = behaviour(graph, message, at);
        if (flags.json === true) {
          ctx.stdout.write(`${JSON.stringify({ ...explanation, step: does }, null, 2)}\n`);
          return ExitCode.ok;
        }
        const out: string[] = [];
        out.push(`message: ${JSON.stringify(message)}${at === undefined ? ' (first message)' : ` (at ${at})`}`);
        out.push('words:');
        for (const t of explanation.tokens) {
          const how =
            t.stop !== undefined
              ? t.stop === 'greeting'
                ? 'ignored (greeting, command or language name)'
                : `ignored (function word, ${t.stop})`
              : t.hits.length === 0
                ? 'no match'
                : t.hits.map((h) => `${h.by} ${h.key}`).join(', ');
          out.push(`  ${t.text.padEnd(16)} key ${t.key.padEnd(12)} ${how}`);
        }
        out.push('candidates (total = (own + inherited) × on-screen boost):');
        if (explanation.candidates.length === 0) out.push('  none');
        for (const c of explanation.candidates.slice(0, 8)) {
          out.push(
            `  ${c.total.toFixed(2).padStart(6)}  own ${c.own.toFixed(2).padStart(5)} + inherited ${c.inherited.toFixed(2).padStart(5)}  ${c.option} → ${c.target}  [${c.matched.join(' | ')}]`,
          );
        }
        if (explanation.candidates.length > 8) out.push(`  … and ${explanation.candidates.length - 8} more`);
        out.push(`decision: ${explanation.decision}`);
        if (explanation.language !== undefined) out.push(`language of the words: ${explanation.language}`);
        out.push(`the bot: ${does}`);
        ctx.stdout.write(`${out.join('\n')}\n`);
        return ExitCode.ok;
      }),
    );
}
