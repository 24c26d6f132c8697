import 'reflect-metadata';
import { ConfigError } from '@cascade/config';
import { type CliCommand, UsageError } from './commands/command';
import { bundleWorkflowsCommand } from './commands/bundle-workflows.command';
import { calendarLoadCommand } from './commands/calendar.command';
import { dbMigrateCommand } from './commands/db-migrate.command';
import { filesGetCommand, filesPutCommand } from './commands/files.command';
import { demoCommand } from './commands/demo.command';
import {
  notificationsDeadLettersCommand,
  notificationsRetryCommand,
  notificationsSubscribeCommand,
  notificationsSubscriptionsCommand,
  notificationsUnsubscribeCommand,
} from './commands/notifications.command';
import { parseCommand } from './commands/parse.command';
import { startCommand } from './commands/start.command';
import { tokensCreateCommand, tokensListCommand, tokensRevokeCommand } from './commands/tokens.command';
import { unitsImportCommand } from './commands/units-import.command';
import {
  usersCreateCommand,
  usersDisableCommand,
  usersImportCommand,
  usersListCommand,
} from './commands/users.command';

const commands: CliCommand[] = [
  startCommand,
  demoCommand,
  dbMigrateCommand,
  bundleWorkflowsCommand,
  unitsImportCommand,
  tokensCreateCommand,
  tokensRevokeCommand,
  tokensListCommand,
  usersCreateCommand,
  usersImportCommand,
  usersDisableCommand,
  usersListCommand,
  parseCommand,
  calendarLoadCommand,
  filesPutCommand,
  filesGetCommand,
  notificationsSubscribeCommand,
  notificationsSubscriptionsCommand,
  notificationsUnsubscribeCommand,
  notificationsDeadLettersCommand,
  notificationsRetryCommand,
];

function usage(): string {
  const rows = commands.map((c) => `  cascade ${c.name.join(' ').padEnd(16)} ${c.summary}`);
  return ['用法 / usage:', ...rows].join('\n');
}

function select(argv: string[]): { command: CliCommand; args: string[] } | null {
  for (const command of [...commands].sort((a, b) => b.name.length - a.name.length)) {
    if (command.name.every((word, i) => argv[i] === word)) return { command, args: argv.slice(command.name.length) };
  }
  return null;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    console.log(usage());
    return 0;
  }
  const selected = select(argv);
  if (!selected) {
    process.stderr.write(`未知命令 / unknown command: ${argv.join(' ')}\n${usage()}\n`);
    return 2;
  }
  try {
    return (await selected.command.run(selected.args)) ?? 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`cascade: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
