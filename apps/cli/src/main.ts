import { Command } from 'commander';
import { backendCommand } from './commands/backend.js';
import { dataCommand } from './commands/data.js';
import { dbCommand } from './commands/db.js';
import { pretrainCommand } from './commands/pretrain.js';
import { reportCommand } from './commands/report.js';
import { resultsCommand } from './commands/results.js';
import { searchCommand } from './commands/search.js';
import { spaceCommand } from './commands/space.js';
import { sweepCommand } from './commands/sweep.js';
import { stackCommand } from './commands/stack.js';
import { workerCommand } from './commands/worker.js';
import { EXIT } from './output.js';

// commander's own exits: help/version are success, anything else (unknown option, missing
// argument) is a usage error. Set on every command: subcommands do not inherit it.
function usageExit(error: { code: string }): never {
  const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
  process.exit(benign.includes(error.code) ? EXIT.ok : EXIT.usage);
}
function exitOverrideEverywhere(command: Command): void {
  command.exitOverride(usageExit);
  for (const sub of command.commands) exitOverrideEverywhere(sub);
}

const program = new Command('a2v')
  .description('arch2vec NAS sweeps orchestrated by Temporal, recorded in PostgreSQL')
  .version('0.1.0')
  // Options belong to the command they follow, so a subcommand may reuse a name its parent has
  // (`a2v report embeddings --out` vs `a2v report <sweep> --out`).
  .enablePositionalOptions()
  .showHelpAfterError();

program.addCommand(stackCommand());
program.addCommand(dbCommand());
program.addCommand(spaceCommand());
program.addCommand(dataCommand());
program.addCommand(sweepCommand());
program.addCommand(workerCommand());
program.addCommand(resultsCommand());
program.addCommand(reportCommand());
program.addCommand(backendCommand());
program.addCommand(searchCommand());
program.addCommand(pretrainCommand());

exitOverrideEverywhere(program);
await program.parseAsync(process.argv);
// tsx's loader resets process.exitCode at exit, so the code is handed to process.exit explicitly
// (stdout/stderr to pipes and files are synchronous here, so nothing printed is lost).
process.exit(process.exitCode ?? 0);
