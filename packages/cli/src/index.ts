/**
 * `samvad`: the command line, and the conversation-test runner as a library.
 * `runCli` runs the command on arguments with an injected context (no `process.exit`);
 * `parseConvo` / `runCase` / `checkTurn` / `coverageOf` are the pure core of `samvad test`.
 */
export { createProgram, runCli, VERSION } from './program.js';
export { COMMANDS, loadAllRegistrars } from './commands/register.js';
export type { CommandEntry, Registrar } from './commands/register.js';
export type { CliContext, Writer } from './cli/context.js';
export { colorEnabled, processContext } from './cli/context.js';
export { CliError, ExitCode } from './cli/exit.js';
export type { CommandEnv } from './cli/command.js';
export { commandEnv } from './cli/command.js';

export { CONVO_KEYS, caseSettings, parseConvo } from './convo/parse.js';
export type { ConvoCase, ConvoFile, ConvoProblem, ConvoSettings, Expectation, Located, Turn } from './convo/types.js';
export { runCase } from './convo/run.js';
export type { CaseResult, CaseSetup } from './convo/run.js';
export { checkTurn, comparableLines } from './convo/compare.js';
export type { Failure, Reply, TurnOutcome } from './convo/compare.js';
export { diffLines } from './convo/diff.js';
export type { DiffLine } from './convo/diff.js';
export { belowMinimum, collector, coverageOf, declaredOptions, mergeTouched, percent } from './convo/coverage.js';
export type { FlowCoverage, Measure, Touched, TouchedCollector } from './convo/coverage.js';
export { branchPath, traceStep } from './convo/trace.js';
export type { StepTrace } from './convo/trace.js';

export { cannedProvider, cannedResult, parseCannedData } from './sources/canned.js';
export type { CannedData } from './sources/canned.js';
export { SOURCE_MODES, liveProviders, sourceProviders } from './sources/registry.js';
export type { SourceMode } from './sources/registry.js';
