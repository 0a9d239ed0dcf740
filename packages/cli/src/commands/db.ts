/**
 * `samvad db migrate|copy`: the PostgreSQL database of a `samvad serve` cluster.
 *
 * - `migrate` brings the database to this samvad's schema (what `serve` also does on start), for
 *   operators who apply schema changes as a separate step;
 * - `copy` moves a district from its SQLite file into the database, under its number's id.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { isPostgresUrl } from '@samvad/whatsapp/config';
import { action } from '../cli/command.js';
import type { CommandEnv } from '../cli/command.js';
import { CliError, ExitCode } from '../cli/exit.js';
import { style } from '../cli/style.js';

type DbModule = typeof import('@samvad/whatsapp/db');
type PgPool = import('@samvad/whatsapp/db').PgPool;

interface MigrateOptions {
  readonly db?: string;
}

interface CopyOptions {
  readonly numberId?: string;
  readonly format: string;
}

/** Registers `samvad db migrate` and `samvad db copy`. */
export function registerDb(program: Command, env: CommandEnv): void {
  const db = program
    .command('db')
    .description('the PostgreSQL database of serve: apply migrations, copy a district from SQLite')
    .addHelpText(
      'after',
      `
Examples:
  samvad db migrate --db postgres://samvad:pw@db.internal:5432/samvad
  samvad db copy /var/lib/samvad/jalna.db postgres://samvad:pw@db.internal:5432/samvad --number-id 106540352242922

Stop the SQLite serve before copying; then start serve with SAMVAD_DB=postgres://… (see docs/serve.md).`,
    );

  db.command('migrate')
    .description("apply the schema migrations this samvad has and the database lacks (serve also does it on start)")
    .option('--db <url>', 'postgres://… (default: $SAMVAD_DB)')
    .action(
      action(env, async (opts: MigrateOptions) => {
        const { ctx } = env;
        const url = targetUrl(opts.db ?? ctx.env['SAMVAD_DB'], opts.db !== undefined ? '--db' : 'SAMVAD_DB');
        const mod = await import('@samvad/whatsapp/db');
        const result = await withPool(mod, url, (pool) => mod.applyMigrations(pool));
        const s = style(ctx.color);
        if (result.applied.length === 0) ctx.stdout.write(`${s.green('✓')} ${mod.redactUrl(url)} is up to date (schema version ${result.version})\n`);
        else ctx.stdout.write(`${s.green('✓')} applied migration(s) ${result.applied.join(', ')} to ${mod.redactUrl(url)}: schema version ${result.version}\n`);
        return ExitCode.ok;
      }),
    );

  db.command('copy')
    .description("copy a district's SQLite file (messages, sessions, outbox, statuses, calls) into PostgreSQL")
    .argument('<sqlite-file>', 'the SQLite file serve wrote (SAMVAD_DB of the district; sqlite: prefix allowed)')
    .argument('<postgres-url>', 'postgres://user:password@host:5432/database')
    .option('--number-id <id>', "the district number's phone_number_id (default: $WHATSAPP_PHONE_NUMBER_ID)")
    .option('--format <format>', 'text or json', 'text')
    .action(
      action(env, async (file: string, target: string, opts: CopyOptions) => {
        const { ctx } = env;
        if (opts.format !== 'text' && opts.format !== 'json') throw new CliError(`--format must be text or json, got "${opts.format}"`);
        const numberId = (opts.numberId ?? ctx.env['WHATSAPP_PHONE_NUMBER_ID'] ?? '').trim();
        if (numberId === '') throw new CliError('name the number the file belongs to: --number-id <phone_number_id> (or set WHATSAPP_PHONE_NUMBER_ID as for serve)');
        if (!/^\d+$/.test(numberId)) throw new CliError(`--number-id must be the phone_number_id, digits only, got "${numberId}"`);
        const path = resolve(ctx.cwd, file.replace(/^sqlite:(\/\/)?/, ''));
        const url = targetUrl(target, '<postgres-url>');
        const mod = await import('@samvad/whatsapp/db');
        const counts = await withPool(mod, url, (pool) => mod.copySqliteToPostgres(path, pool, numberId), path);
        if (opts.format === 'json') {
          ctx.stdout.write(JSON.stringify({ from: path, to: mod.redactUrl(url), numberId, ...counts }, null, 2) + '\n');
          return ExitCode.ok;
        }
        const s = style(ctx.color);
        const o = counts.outbox;
        ctx.stdout.write(
          [
            `${s.green('✓')} copied ${path} into ${mod.redactUrl(url)} as number ${numberId}`,
            `  inbound   ${counts.inbound} (${counts.processed} processed, ${counts.waiting} waiting)`,
            `  sessions  ${counts.sessions}`,
            `  outbox    ${o.pending + o.sent + o.failed + o.window_closed} (${o.sent} sent, ${o.pending} to send, ${o.failed} failed, ${o.window_closed} window_closed)`,
            `  statuses  ${counts.statuses}`,
            `  calls     ${counts.calls.total} (${counts.calls.pending} pending)`,
            ...(counts.seqOffset > 0 ? [s.dim(`  (sequence numbers shifted by ${counts.seqOffset}, after the messages already in the database)`)] : []),
            '',
          ].join('\n'),
        );
        return ExitCode.ok;
      }),
    );
}

/** A PostgreSQL URL from `value` (named `what` in errors), checked; the password never shown. */
function targetUrl(value: string | undefined, what: string): string {
  const url = value?.trim() ?? '';
  if (url === '') throw new CliError('name the database: --db postgres://user:password@host:5432/database (or set SAMVAD_DB)');
  if (!isPostgresUrl(url)) {
    throw new CliError(
      what === '<postgres-url>'
        ? `${what} must start with postgres:// or postgresql:// (the target database); the SQLite file is the first argument`
        : `${what} must be a postgres:// URL: a SQLite file needs no migrate (serve upgrades it when it opens it)`,
    );
  }
  return url;
}

/** Opens a pool on `url`, runs `use`, closes it; every failure becomes one clear message. */
async function withPool<T>(mod: DbModule, url: string, use: (pool: PgPool) => Promise<T>, source?: string): Promise<T> {
  const problem = mod.checkPostgresUrl(url, 'the database URL');
  if (problem !== undefined) throw new CliError(problem);
  const pool = mod.createPool(url, { max: 2, applicationName: 'samvad db' });
  try {
    return await use(pool);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof mod.CopyRefusedError) throw new CliError(`cannot copy${source !== undefined ? ` ${source}` : ''}: ${message}`, ExitCode.failed);
    if (error instanceof mod.SchemaTooNewError) throw new CliError(message, ExitCode.failed);
    throw new CliError(`${mod.redactUrl(url)}: ${oneLine(mod, message, url)}${hintFor(error)}`, ExitCode.failed);
  } finally {
    await pool.end().catch(() => undefined);
  }
}

/** What to check for the common connection failures (network codes of Node, SQLSTATEs of PostgreSQL). */
function hintFor(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
      return ' (cannot reach the database: is PostgreSQL running there, and are the host and port right?)';
    case '28P01':
    case '28000':
      return ' (check the user and password in the URL)';
    case '3D000':
      return ' (create the database first: CREATE DATABASE …, or fix its name in the URL)';
    default:
      return '';
  }
}

/** A driver error on one line, with any copy of the URL's password masked. */
function oneLine(mod: DbModule, message: string, url: string): string {
  let text = message.replace(/\s+/g, ' ').trim();
  const password = mod.postgresPassword(url);
  if (password !== '') text = text.split(password).join('***');
  if (text === '') return 'the database did not answer (is it running, and the URL right?)';
  return text;
}
