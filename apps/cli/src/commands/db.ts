import { Command } from 'commander';
import { databaseUrl, loadConfig } from '@a2v/config';
import { migrateDeploy } from '@a2v/db';
import { checkPostgresUrl } from '@a2v/stack';
import { action } from '../output.js';

export function dbCommand(): Command {
  const db = new Command('db').description('the results database');
  db.command('migrate')
    .description('apply pending migrations (prisma migrate deploy, offline)')
    .action(action(async () => {
      const url = databaseUrl(loadConfig());
      await checkPostgresUrl(url);
      process.stdout.write(await migrateDeploy(url));
    }));
  db.command('url')
    .description('print the database URL a2v uses (for psql)')
    .action(action(async () => {
      console.log(databaseUrl(loadConfig()));
    }));
  return db;
}
