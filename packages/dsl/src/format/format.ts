import type {
  BotDecl, BranchDecl, Decl, EndDecl, FlowFile, FromClause, InputDecl, MenuDecl, OptionDecl, PageBlock, PageDecl, WayOn,
} from '../ast.js';
import { formatCondition, formatExpectation } from './conditions.js';
import { formatCall, formatEndpoint } from './effects.js';
import { literal, literalList } from './strings.js';
import { Writer } from './writer.js';

/**
 * Lays a file out the canonical way (`docs/language.md`, "Layout"): declarations at
 * column 1 with a blank line between them (consecutive includes stay together), clauses
 * indented by 2, language lines by 4 (6 under an option's or a source row's sub-clause),
 * comments above their element (a declaration's end comments after its last line, indented by
 * 2). Formatting its own output changes nothing.
 */
export function format(ast: FlowFile): string {
  const out = new Writer();
  if (ast.leadingComments && ast.leadingComments.length > 0) {
    out.comments(0, ast.leadingComments);
    out.line(0, '');
  }
  let previous: Decl['kind'] | undefined;
  for (const decl of ast.decls) {
    if (!(decl.kind === 'include' && previous === 'include')) out.blank();
    previous = decl.kind;
    out.comments(0, decl.comments);
    formatDecl(out, decl);
    out.comments(2, decl.endComments);
  }
  if (ast.trailingComments.length > 0) {
    out.blank();
    out.comments(0, ast.trailingComments);
  }
  return out.toString();
}

function formatDecl(out: Writer, decl: Decl): void {
  switch (decl.kind) {
    case 'include':
      out.line(0, `include ${literal(decl.path.value, 0)}`);
      return;
    case 'bot':
      return formatBot(out, decl);
    case 'menu':
      return formatMenu(out, decl);
    case 'page':
      return formatPage(out, decl);
    case 'input':
      return formatInput(out, decl);
    case 'branch':
      return formatBranch(out, decl);
    case 'goto':
      out.line(0, decl.target ? `goto ${decl.id.name} -> ${decl.target.name}` : `goto ${decl.id.name}`);
      return;
    case 'end':
      return formatEnd(out, decl);
    case 'source':
      out.line(0, `source ${decl.id.name}`);
      if (decl.timeout) out.clause(2, decl.clauseComments?.timeout, `timeout: ${decl.timeout.raw}`);
      return;
    case 'endpoint':
      return formatEndpoint(out, decl);
    case 'call':
      return formatCall(out, decl);
    default: {
      const never: never = decl;
      return never;
    }
  }
}

function formatBot(out: Writer, bot: BotDecl): void {
  const above = bot.clauseComments;
  out.line(0, `bot ${bot.id.name}`);
  if (bot.languages.length > 0) {
    const list = bot.languages.map((l) => `${l.code.name} ${literal(l.name.value, 2)}`).join(', ');
    out.clause(2, above?.languages, `languages: ${list}`);
  }
  if (bot.start) out.clause(2, above?.start, `start: ${bot.start.name}`);
  if (bot.retries) out.clause(2, above?.retries, `retries: ${bot.retries.value}`);
  if (bot.idle) out.clause(2, above?.idle, `idle: ${bot.idle.raw}`);
  // An empty heading is left out, unless comments were written above it.
  if (bot.commands.length > 0 || above?.commands) {
    out.clause(2, above?.commands, 'commands:');
    for (const command of bot.commands) {
      out.comments(4, command.comments);
      out.line(4, `${command.command}: ${literalList(command.words, 4)}`);
    }
  }
  if (bot.messages.length > 0 || above?.messages) {
    out.clause(2, above?.messages, 'messages:');
    for (const message of bot.messages) {
      out.comments(4, message.comments);
      out.text(4, `${message.key.name}:`, message.text);
    }
  }
}

function formatMenu(out: Writer, menu: MenuDecl): void {
  out.line(0, `menu ${menu.id.name}`);
  if (menu.text) {
    out.comments(2, menu.clauseComments?.text);
    out.text(2, 'text:', menu.text);
  }
  for (const option of menu.options) formatOption(out, option);
  if (menu.from) formatFrom(out, menu.from);
}

function formatOption(out: Writer, option: OptionDecl): void {
  out.comments(2, option.comments);
  out.line(2, `option ${option.id.name} -> ${option.target.name}`);
  out.text(4, '', option.label);
  const above = option.clauseComments;
  if (option.description) {
    out.comments(4, above?.description);
    out.text(4, 'description:', option.description);
  }
  if (option.words.length > 0) out.clause(4, above?.words, `words: ${literalList(option.words, 4)}`);
  if (option.number) out.clause(4, above?.number, `number: ${option.number.value}`);
  for (const set of option.sets) out.clause(4, set.comments, `set ${set.variable.name} = ${literal(set.value.value, 4)}`);
  if (option.language) out.clause(4, above?.language, `language: ${option.language.name}`);
}

function formatFrom(out: Writer, from: FromClause): void {
  out.comments(2, from.comments);
  const params = from.params.map((p) => `${p.name.name} = ${literal(p.value.value, 2)}`).join(', ');
  const call = params === '' ? from.source.name : `${from.source.name}(${params})`;
  out.line(2, `from ${call} into ${from.into.name} -> ${from.target.name}`);
  const above = from.clauseComments;
  out.comments(4, above?.title);
  out.text(4, 'title:', from.title);
  if (from.description) {
    out.comments(4, above?.description);
    out.text(4, 'description:', from.description);
  }
  if (from.timeout) out.clause(4, above?.timeout, `timeout: ${from.timeout.raw}`);
  if (from.fallback) out.clause(4, above?.fallback, `fallback -> ${from.fallback.name}`);
}

function formatPage(out: Writer, page: PageDecl): void {
  out.line(0, `page ${page.id.name}`);
  for (const block of page.blocks) formatBlock(out, block);
  if (page.then) out.clause(2, page.then.comments, formatWayOn(page.then));
}

function formatBlock(out: Writer, block: PageBlock): void {
  out.comments(2, block.comments);
  switch (block.kind) {
    case 'text':
    case 'bullet':
    case 'fee':
    case 'time':
      out.text(2, `${block.kind}:`, block.text);
      return;
    case 'link':
      out.line(2, `link ${literal(block.url.value, 2)}`);
      out.text(4, '', block.label);
      return;
    case 'button':
      out.line(2, `button ${literal(block.url.value, 2)}`);
      out.text(4, '', block.label);
      return;
    case 'media': {
      const name = block.filename ? ` name ${literal(block.filename.value, 2)}` : '';
      out.line(2, `${block.mediaType} ${literal(block.url.value, 2)}${name}`);
      out.text(4, '', block.caption);
      return;
    }
    default: {
      const never: never = block;
      return never;
    }
  }
}

function formatWayOn(way: WayOn): string {
  switch (way.kind) {
    case 'back':
    case 'home':
    case 'end':
      return `then ${way.kind}`;
    case 'next':
      return `then -> ${way.target.name}`;
    default: {
      const never: never = way;
      return never;
    }
  }
}

function formatInput(out: Writer, input: InputDecl): void {
  const above = input.clauseComments;
  out.line(0, `input ${input.id.name}`);
  if (input.text) {
    out.comments(2, above?.text);
    out.text(2, 'text:', input.text);
  }
  if (input.variable) out.clause(2, above?.var, `var: ${input.variable.name}`);
  if (input.expect) out.clause(2, above?.expect, `expect: ${formatExpectation(input.expect)}`);
  if (input.retry) {
    out.comments(2, above?.retry);
    out.text(2, 'retry:', input.retry);
  }
  if (input.retries) out.clause(2, above?.retries, `retries: ${input.retries.count.value} -> ${input.retries.target.name}`);
  if (input.then) out.clause(2, above?.then, `then -> ${input.then.name}`);
}

function formatBranch(out: Writer, branch: BranchDecl): void {
  out.line(0, `branch ${branch.id.name}`);
  for (const when of branch.cases) {
    out.clause(2, when.comments, `when ${formatCondition(when.condition)} -> ${when.target.name}`);
  }
  if (branch.otherwise) out.clause(2, branch.clauseComments?.else, `else -> ${branch.otherwise.name}`);
}

function formatEnd(out: Writer, end: EndDecl): void {
  out.line(0, `end ${end.id.name}`);
  if (end.text) {
    out.comments(2, end.clauseComments?.text);
    out.text(2, 'text:', end.text);
  }
}
