#!/usr/bin/env node
import { DinhdanhError } from '@dinhdanh/core/errors';
import { type Command, commands } from './commands/index.js';

function findCommand(argv: readonly string[]): { command: Command; rest: readonly string[] } | undefined {
  let best: Command | undefined;
  for (const c of commands) {
    const matches = c.path.every((w, i) => argv[i] === w);
    if (matches && (best === undefined || c.path.length > best.path.length)) best = c;
  }
  return best && { command: best, rest: argv.slice(best.path.length) };
}

function help(): string {
  const lines = commands.map((c) => `  dinhdanh ${c.path.join(' ').padEnd(28)} ${c.summary}`);
  return ['usage: dinhdanh <command> [options]', '', 'commands:', ...lines].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    console.log(help());
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    console.error(`dinhdanh: unknown command '${argv.join(' ')}'\n\n${help()}`);
    return 2;
  }
  try {
    return await found.command.run(found.rest);
  } catch (e) {
    if (e instanceof DinhdanhError) {
      console.error(`dinhdanh ${found.command.path.join(' ')}: ${e.code}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
