/** Registers every command on the program, in the order `samvad --help` lists them. */
import type { Command } from 'commander';
import type { CommandEnv } from '../cli/command.js';
import { registerValidate } from './validate.js';

export function registerCommands(program: Command, env: CommandEnv): void {
  registerValidate(program, env);
}
