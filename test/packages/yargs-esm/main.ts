// yargs 18 (ES modules only; a closure-built instance with hundreds of inner functions, a
// command module tree, middleware, async handlers, validation and generated help):
// parsing of every option shape, commands with positionals, coercion, choices, conflicts,
// implications, custom checks, failures through .fail(), and help/version output.

import yargs from 'yargs';
import type { Argv } from 'yargs';

const out = (label: string, value: unknown) => console.log(`${label}:`, JSON.stringify(value));
const trail: string[] = [];

function cli(): Argv {
  return yargs()
    .scriptName('tool')
    .locale('en')
    .wrap(80)
    .exitProcess(false)
    .strict()
    .fail((msg, err) => {
      throw err ?? new Error(`fail: ${msg}`);
    })
    .option('verbose', { alias: 'v', type: 'count', describe: 'verbosity' })
    .option('port', { alias: 'p', type: 'number', default: 8080, describe: 'port' })
    .option('tags', { type: 'array', string: true, describe: 'tags' })
    .option('mode', { choices: ['fast', 'slow'] as const, default: 'fast' })
    .option('color', { type: 'boolean', default: true })
    .option('json', { type: 'boolean', conflicts: 'yaml' })
    .option('yaml', { type: 'boolean' })
    .option('user', { type: 'string', implies: 'password' })
    .option('password', { type: 'string' })
    .option('size', { type: 'string', coerce: (s: string) => s.split('x').map(Number) })
    .middleware((argv) => {
      trail.push(`middleware saw ${argv._.join(' ') || '(no command)'}`);
    })
    .check((argv) => {
      if (typeof argv.port === 'number' && argv.port < 0) throw new Error('port must be >= 0');
      return true;
    })
    .command(
      'serve <root> [extra..]',
      'start the server',
      (y) => y.positional('root', { type: 'string', describe: 'root dir' }).positional('extra', { type: 'string', array: true }).option('host', { type: 'string', default: '127.0.0.1' }),
      (argv) => {
        trail.push(`serve root=${argv.root} extra=${JSON.stringify(argv.extra)} host=${argv.host} port=${argv.port}`);
      },
    )
    .command({
      command: 'build <target>',
      aliases: ['b'],
      describe: 'build a target',
      builder: (y: Argv) => y.positional('target', { choices: ['dev', 'prod'] }).option('jobs', { alias: 'j', type: 'number' }),
      handler: async (argv: any) => {
        await new Promise((r) => setTimeout(r, 1));
        trail.push(`build target=${argv.target} jobs=${argv.jobs ?? 'default'}`);
      },
    })
    .command('remote', 'manage remotes', (y) =>
      y
        .command('add <name> <url>', 'add a remote', {}, (argv) => {
          trail.push(`remote add ${argv.name} ${argv.url}`);
        })
        .demandCommand(1, 'pick a remote subcommand'),
    )
    .version('9.9.9')
    .help();
}

async function run(args: string[]) {
  trail.length = 0;
  let outcome: string;
  let output = '';
  try {
    const argv = await cli().parseAsync(args, {}, (_err, _argv, text) => {
      output = text;
    });
    const shown = Object.fromEntries(Object.entries(argv).filter(([k]) => !k.includes('-') && k !== '$0'));
    outcome = `ok ${JSON.stringify(shown)}`;
  } catch (err) {
    outcome = `error ${(err as Error).message}`;
  }
  console.log(`$ tool ${args.join(' ')}`);
  for (const line of trail) console.log(`  ${line}`);
  if (output) console.log(output.replace(/^/gm, '  | '));
  console.log(`  => ${outcome}`);
}

async function main() {
  await run(['serve', 'public', 'a', 'b', '--host', '0.0.0.0', '-vv']);
  await run(['-p', '99', '--tags', 'x', 'y', '--no-color', 'serve', 'www']);
  await run(['build', 'prod', '-j', '4']);
  await run(['b', 'dev']);
  await run(['build', 'staging']);
  await run(['remote', 'add', 'origin', 'git@x']);
  await run(['remote']);
  await run(['serve', 'x', '--json', '--yaml']);
  await run(['serve', 'x', '--user', 'ada']);
  await run(['serve', 'x', '--size', '3x4', '--mode', 'slow']);
  await run(['serve', 'x', '--mode', 'medium']);
  await run(['serve', 'x', '--port', '-5']);
  await run(['serve', 'x', '--unknown-flag']);
  await run(['--version']);
  await run(['--help']);
  await run(['serve', '--help']);

  // The parser alone, without commands.
  const parsed = yargs(['-abc', '--num=3', '--no-flag', '--', 'rest', '--x']).parserConfiguration({ 'populate--': true }).parseSync();
  const { $0: _script, ...rest } = parsed; // $0 is the running file's path
  out('parser', rest);
}

main();
