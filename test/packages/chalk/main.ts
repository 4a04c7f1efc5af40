// chalk 5 (ES modules; a chainable builder made of getters defined on a prototype, `Object.setPrototypeOf`
// on functions, template-like calls with `arguments`): styles, chains, nesting, hex/rgb/ansi256,
// levels 0-3, visible, and the exported supports-color detection results.

import chalk, { Chalk, chalkStderr, modifiers, foregroundColors, backgroundColors, colorNames, supportsColor } from 'chalk';

const out = (label: string, value: unknown) => console.log(`${label}:`, JSON.stringify(value));
const full = new Chalk({ level: 3 });
const basic = new Chalk({ level: 1 });
const none = new Chalk({ level: 0 });

out('default level (no colour in tests)', [chalk.level, chalkStderr.level, supportsColor === false ? false : supportsColor.level]);
out('styles', [full.red('red'), full.bold.underline('bold underline'), full.bgBlue.white.italic('bg'), full.dim.strikethrough.inverse('x')]);
out('nesting', full.red(`a ${full.blue.bold('b')} c ${full.underline('d')} e`));
out('multiple args', [full.green('a', 'b', 1, true), full.yellow(), full.cyan('')]);
out('hex/rgb/ansi256', [full.hex('#FF8800')('hex'), full.rgb(10, 20, 30).bgHex('#000')('rgb'), full.ansi256(201)('256'), basic.hex('#FF8800')('downsampled'), basic.rgb(255, 255, 0)('yellowish')]);
out('level 0', [none.red.bold('plain'), none.hex('#123456')('plain too')]);
out('visible', [none.visible('hidden at level 0'), full.visible('shown')]);
out('newlines', full.red('line1\nline2'));
out('reset/close codes', [full.reset('r'), full.gray('g'), full.grey('g'), full.blackBright('bb')]);
const error = full.bold.red;
const warning = full.hex('#FFA500');
out('reused chains', [error('Error!'), warning('Warning!'), error === full.bold.red]);
const lvl = new Chalk({ level: 2 });
lvl.level = 1;
out('level change', [lvl.level, lvl.magenta('m'), lvl.rgb(255, 0, 0)('r')]);
out('names', [modifiers.length, foregroundColors.length, backgroundColors.length, colorNames.length, modifiers.slice(0, 3)]);
try {
  new Chalk({ level: 7 } as never);
  out('bad level', 'accepted');
} catch (err) {
  out('bad level', (err as Error).message);
}
