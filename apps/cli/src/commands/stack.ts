import { Command } from 'commander';
import { loadConfig } from '@a2v/config';
import { stackDown, stackStatus, stackUp } from '@a2v/stack';
import { action, EXIT, printJson } from '../output.js';

export function stackCommand(): Command {
  const stack = new Command('stack').description('the local PostgreSQL + Temporal stack (or the external ones named by DATABASE_URL / TEMPORAL_ADDRESS)');

  stack
    .command('up')
    .description('start what is not running, wait for health, apply migrations (idempotent)')
    .option('--json', 'print the report as JSON')
    .action(action(async (opts: { json?: boolean }) => {
      const config = loadConfig();
      const report = await stackUp(config, (line) => process.stderr.write(`${line}\n`));
      if (opts.json) return printJson(report);
      const state = (started: boolean, external: boolean) => (external ? 'external' : started ? 'started' : 'already running');
      console.log(`PostgreSQL  ${report.postgres.url}  (${state(report.postgres.started, report.postgres.external)})`);
      console.log(`Temporal    ${report.temporal.address}  namespace ${report.temporal.namespace}  (${state(report.temporal.started, report.temporal.external)})`);
      if (report.temporal.uiUrl) console.log(`Temporal UI ${report.temporal.uiUrl}/namespaces/${report.temporal.namespace}/workflows`);
    }));

  stack
    .command('down')
    .description('stop only what `a2v stack up` started')
    .action(action(async () => {
      const stopped = await stackDown(loadConfig());
      console.log(`PostgreSQL  ${stopped.postgres ? 'stopped' : 'not started by a2v: left alone'}`);
      console.log(`Temporal    ${stopped.temporal ? 'stopped' : 'not started by a2v: left alone'}`);
    }));

  stack
    .command('status')
    .description('report each part of the stack')
    .option('--json', 'print the status as JSON')
    .action(action(async (opts: { json?: boolean }) => {
      const status = await stackStatus(loadConfig());
      if (opts.json) printJson(status);
      else {
        const pg = status.postgres;
        const t = status.temporal;
        const who = (managed: boolean, external: boolean) => (external ? 'external' : managed ? 'started by a2v' : 'not managed by a2v');
        console.log(`PostgreSQL  ${pg.reachable ? 'up  ' : 'DOWN'}  ${pg.url}  (${who(pg.managed, pg.external)}${pg.pid ? `, pid ${pg.pid}` : ''})`);
        console.log(`Temporal    ${t.reachable ? 'up  ' : 'DOWN'}  ${t.address}  (${who(t.managed, t.external)}${t.pid ? `, pid ${t.pid}` : ''})`);
        if (t.uiUrl) console.log(`Temporal UI ${t.uiAnswers ? 'up  ' : 'DOWN'}  ${t.uiUrl}`);
      }
      if (!status.postgres.reachable || !status.temporal.reachable) process.exitCode = EXIT.failed;
    }));
  return stack;
}
