/** Registers every command on the program, in the order `samvad --help` lists them. */
import type { Command } from 'commander';
import type { CommandEnv } from '../cli/command.js';
import { registerChat } from './chat.js';
import { registerCheck } from './check.js';
import { registerCompile } from './compile.js';
import { registerExplain } from './explain.js';
import { registerFakeGraphApi } from './fake-graph-api.js';
import { registerFmt } from './fmt.js';
import { registerGraph } from './graph.js';
import { registerOutbox } from './outbox.js';
import { registerRouting } from './routing.js';
import { registerServe } from './serve.js';
import { registerTest } from './test.js';
import { registerValidate } from './validate.js';

/** Registers every command, the WhatsApp engineer's `serve` and `fake-graph-api` included. */
export function registerCommands(program: Command, env: CommandEnv): void {
  registerCheck(program, env);
  registerCompile(program, env);
  registerValidate(program, env);
  registerGraph(program, env);
  registerFmt(program, env);
  registerChat(program, env);
  registerTest(program, env);
  registerExplain(program, env);
  registerRouting(program, env);
  registerServe(program);
  registerFakeGraphApi(program);
  registerOutbox(program, env);
}
