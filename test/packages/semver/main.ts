// semver 7 (CommonJS classes SemVer/Range/Comparator with caches, regex tables built at load):
// parsing, comparison, ranges, coercion, increments, sorting, intersections and errors.

import semver from 'semver';
import { SemVer, Range, Comparator } from 'semver';

const out = (label: string, value: unknown) => console.log(`${label}:`, JSON.stringify(value));

const versions = ['1.2.3', '1.2.3-beta.2', '1.2.3-beta.10', '1.2.3-alpha', '0.9.0', '2.0.0-rc.1', '1.10.0', 'v1.2.4', '=1.2.5', 'not-a-version'];
out('valid', versions.map((v) => semver.valid(v)));
out('clean', ['  =v1.2.3  ', 'v1.2', '~1.2.3'].map((v) => semver.clean(v)));
out('parse', (() => {
  const p = semver.parse('1.2.3-beta.4+build.5')!;
  return [p.major, p.minor, p.patch, p.prerelease, p.build, p.version, p.raw, String(p), p instanceof SemVer];
})());
out('sort', semver.sort(versions.filter((v) => semver.valid(v)).slice()));
out('rsort', semver.rsort(['1.0.0', '1.0.0-rc.1', '0.1.0']));
out('compare', [semver.compare('1.2.3', '1.2.4'), semver.compareBuild('1.0.0+a', '1.0.0+b'), semver.rcompare('1.0.0', '2.0.0'), semver.compareLoose('01.02.03', '1.2.3')]);
out('gt/lt/eq', [semver.gt('1.2.3', '1.2.3-beta'), semver.lt('1.2.3-beta.2', '1.2.3-beta.10'), semver.eq('1.2.3', 'v1.2.3'), semver.neq('1.2.3', '1.2.4'), semver.cmp('1.0.0', '>=', '0.9.9')]);
out('diff', [semver.diff('1.2.3', '2.0.0'), semver.diff('1.2.3', '1.3.0-beta'), semver.diff('1.2.3', '1.2.3'), semver.diff('1.2.3-a', '1.2.3')]);
out('inc', [
  semver.inc('1.2.3', 'major'),
  semver.inc('1.2.3', 'premajor', 'beta'),
  semver.inc('1.2.3-beta.1', 'prerelease'),
  semver.inc('1.2.3', 'prerelease', 'rc', '1'),
  semver.inc('1.2.3', 'patch'),
  semver.inc('bad', 'patch'),
]);
out('coerce', ['v2', '42.6.7.9.3-alpha', 'version 3.1 of', '1.2.3.4', 'none'].map((v) => semver.coerce(v)?.version ?? null));
out('coerce rtl/incl', [semver.coerce('1.2.3.4', { rtl: true })?.version, semver.coerce('1.2.3-pre+b', { includePrerelease: true })?.version]);

const ranges = ['^1.2.3', '~1.2.3', '>=1.2.7 <1.3.0', '1.2.x || >=2.5.0 || 5.0.0 - 7.2.3', '*', '<1.0.0-rc', 'invalid range ~~'];
out('validRange', ranges.map((r) => semver.validRange(r)));
out('satisfies', ranges.map((r) => ['1.2.3', '1.2.8', '2.6.0', '1.3.0-beta', '0.9.0'].map((v) => semver.satisfies(v, r))));
out('satisfies includePrerelease', semver.satisfies('1.3.0-beta', '^1.2.0', { includePrerelease: true }));
out('maxSatisfying', [semver.maxSatisfying(versions.filter((v) => semver.valid(v)), '^1.0.0'), semver.minSatisfying(['1.2.3', '1.2.4', '1.3.0'], '~1.2.0')]);
out('minVersion', ['^1.2.3', '>1.0.0', '>=0.0.0', '<1.0.0 >2.0.0'].map((r) => semver.minVersion(r)?.version ?? null));
out('gtr/ltr/outside', [semver.gtr('2.0.0', '^1.0.0'), semver.ltr('0.5.0', '^1.0.0'), semver.outside('1.5.0', '^1.0.0', '>')]);
out('intersects', [semver.intersects('^1.2.0', '~1.3.0'), semver.intersects('^1.0.0', '^2.0.0'), semver.subset('~1.2.3', '^1.0.0'), semver.subset('^1.0.0', '~1.2.0')]);
out('simplifyRange', semver.simplifyRange(['1.1.0', '1.2.0', '1.2.1', '1.3.0', '2.0.0'], '1.1.0 || 1.2.0 || 1.2.1 || 1.3.0'));
out('prerelease/major', [semver.prerelease('1.2.3-alpha.1'), semver.major('4.5.6'), semver.minor('4.5.6'), semver.patch('4.5.6')]);

const range = new Range('>=1.2.3 <2.0.0 || 3.x', { loose: true });
out('Range', [range.range, range.set.length, range.test('1.5.0'), range.test('3.1.4'), range.format(), range.toString()]);
const comparator = new Comparator('>=1.2.3');
out('Comparator', [comparator.operator, comparator.semver.version, comparator.test('1.2.4'), comparator.intersects(new Comparator('<1.3.0'))]);
const v = new SemVer('1.2.3');
v.inc('minor');
out('SemVer.inc', [v.version, v.compare('1.3.0'), v.compareMain('1.3.0-x'), v.comparePre('1.3.0')]);
for (const bad of ['x.y.z', 42 as unknown as string]) {
  try {
    new SemVer(bad);
  } catch (err) {
    out('error', [(err as Error).constructor.name, (err as Error).message]);
  }
}
try {
  new Range('>>>1');
  out('Range >>>1', 'accepted');
} catch (err) {
  out('Range error', (err as Error).message);
}
