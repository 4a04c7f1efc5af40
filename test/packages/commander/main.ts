// commander 14 (CommonJS classes extending EventEmitter, getters, option parsing closures):
// subcommands, options of every shape, custom parsers, variadic and default arguments, hooks,
// async actions, help text, errors through exitOverride, and a custom output writer.

import { Command, Option, Argument, InvalidArgumentError, CommanderError } from 'commander';

const captured: string[] = [];

function makeProgram(): Command {
  const program = new Command('tool');
  program
    .version('1.2.3', '-V, --version', 'print the version')
    .description('A sample CLI')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => captured.push(`[out] ${s.trimEnd()}`),
      writeErr: (s) => captured.push(`[err] ${s.trimEnd()}`),
      getOutHelpWidth: () => 80,
      getErrHelpWidth: () => 80,
      outputError: (s, write) => write(`ERROR: ${s}`),
    })
    .option('-d, --debug', 'debug output')
    .option('-p, --port <number>', 'port', (v: string) => {
      const n = Number.parseInt(v, 10);
      if (Number.isNaN(n)) throw new InvalidArgumentError('not a number');
      return n;
    }, 8080)
    .option('-t, --tag <tags...>', 'tags')
    .option('--no-color', 'disable colour')
    .option('-v, --verbose', 'verbosity', (_v: string, prev: number) => prev + 1, 0)
    .addOption(new Option('-m, --mode <mode>', 'mode').choices(['fast', 'slow']).default('fast').env('TOOL_MODE_NOT_SET'))
    .addOption(new Option('--secret').hideHelp())
    .hook('preAction', (thisCommand, actionCommand) => {
      captured.push(`preAction ${thisCommand.name()} -> ${actionCommand.name()}`);
    })
    .hook('postAction', (_thisCommand, actionCommand) => {
      captured.push(`postAction ${actionCommand.name()}`);
    });

  program
    .command('serve')
    .alias('s')
    .description('start serving')
    .argument('<root>', 'root dir')
    .argument('[extra...]', 'extra args', [])
    .option('--host <host>', 'host', '127.0.0.1')
    .action(function (this: Command, root: string, extra: string[], options: Record<string, unknown>, cmd: Command) {
      captured.push(`serve root=${root} extra=${JSON.stringify(extra)} opts=${JSON.stringify(options)} global=${JSON.stringify(cmd.optsWithGlobals())} same=${this === cmd}`);
    });

  program
    .command('build')
    .addArgument(new Argument('<target>', 'target').choices(['dev', 'prod']))
    .option('-j, --jobs <n>', 'jobs', (v: string) => Number(v))
    .action(async (target: string, options: { jobs?: number }) => {
      await new Promise((r) => setTimeout(r, 1));
      captured.push(`build target=${target} jobs=${options.jobs ?? 'default'}`);
    });

  const remote = program.command('remote').description('manage remotes');
  remote
    .command('add <name> <url>')
    .option('-f, --fetch')
    .action((name: string, url: string, opts: { fetch?: boolean }) => captured.push(`remote add ${name} ${url} fetch=${!!opts.fetch}`));
  remote.command('list', { isDefault: true }).action(() => captured.push('remote list'));
  return program;
}

async function run(argv: string[]) {
  captured.length = 0;
  const program = makeProgram();
  let outcome: string;
  try {
    await program.parseAsync(argv, { from: 'user' });
    outcome = `ok opts=${JSON.stringify(program.opts())} args=${JSON.stringify(program.args)}`;
  } catch (err) {
    if (err instanceof CommanderError) outcome = `CommanderError code=${err.code} exitCode=${err.exitCode} message=${JSON.stringify(err.message)}`;
    else outcome = `other error ${(err as Error).message}`;
  }
  console.log(`$ tool ${argv.join(' ')}`);
  for (const line of captured) console.log(`  ${line}`);
  console.log(`  => ${outcome}`);
}

async function main() {
  await run(['serve', 'public', 'a', 'b', '--host', '0.0.0.0', '-d']);
  await run(['-vvv', '--port', '99', '-t', 'x', 'y', '--no-color', 's', 'www']);
  await run(['build', 'prod', '-j', '4']);
  await run(['build', 'staging']);
  await run(['--port', 'abc', 'serve', 'x']);
  await run(['--mode', 'medium', 'serve', 'x']);
  await run(['remote', 'add', 'origin', 'git@x', '--fetch']);
  await run(['remote']);
  await run(['unknown-cmd']);
  await run(['serve']);
  await run(['--version']);
  await run(['--help']);
  await run(['serve', '--help']);
  await run(['--bogus']);

  const program = makeProgram();
  console.log('helpInformation:');
  console.log(program.helpInformation());
  console.log('commands:', program.commands.map((c) => `${c.name()}(${c.aliases().join(',')})`).join(' '));
  console.log('options:', program.options.map((o) => `${o.flags}|${o.attributeName()}|${o.negate}|${o.variadic}`).join(' '));
}

main();
