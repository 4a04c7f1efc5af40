// Real servers in tests (PostgreSQL, MariaDB, Redis, RabbitMQ, Prometheus): each test that needs
// one names the Debian package that ships it. On a machine without that package, `npm test`
// skips just those tests and prints one line naming the package to install, so a fresh
// `npm ci && npm test` is green and says what it skipped. `.ci/run` installs every package and
// sets INSTTS_REQUIRE_SERVICES=1, which turns a missing package into a failure instead.

import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';

export interface ServiceNeed {
  /** Debian package that ships the binaries, named in the skip line. */
  readonly debianPackage: string;
  /** Executables the test runs; every one must be found. */
  readonly binaries: readonly string[];
}

export const POSTGRESQL: ServiceNeed = { debianPackage: 'postgresql', binaries: ['initdb', 'postgres'] };
export const MARIADB: ServiceNeed = { debianPackage: 'mariadb-server', binaries: ['mariadbd', 'mariadb-install-db'] };
export const REDIS: ServiceNeed = { debianPackage: 'redis-server', binaries: ['redis-server'] };
export const RABBITMQ: ServiceNeed = { debianPackage: 'rabbitmq-server', binaries: ['rabbitmq-server', 'rabbitmqctl'] };
/** protoc, for stubs generated from .proto files (ts-proto runs as its plugin). */
export const PROTOC: ServiceNeed = { debianPackage: 'protobuf-compiler', binaries: ['protoc'] };
export const PROMETHEUS: ServiceNeed = { debianPackage: 'prometheus', binaries: ['prometheus', 'promtool'] };

/** Folders Debian puts server binaries in that are not on an ordinary PATH. */
function extraDirs(): string[] {
  const dirs = ['/usr/sbin', '/sbin', '/usr/lib/rabbitmq/bin'];
  try {
    // PostgreSQL keeps its server binaries per major version; prefer the newest.
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    for (const v of versions) dirs.push(join('/usr/lib/postgresql', v, 'bin'));
  } catch {
    // no PostgreSQL installed
  }
  return dirs;
}

/** Absolute path of an executable, looked up on PATH and in Debian's server folders. */
export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...extraDirs()];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export const servicesRequired = process.env.INSTTS_REQUIRE_SERVICES === '1';

/** Why `need` cannot be met on this machine, or undefined when every binary is there. */
export function missingService(need: ServiceNeed): string | undefined {
  const missing = need.binaries.filter((b) => findBinary(b) === undefined);
  if (missing.length === 0) return undefined;
  return `no ${missing.join(', ')} on this machine: install the Debian package "${need.debianPackage}"`;
}

const announced = new Set<string>();

/** The reasons `needs` cannot be met; throws under INSTTS_REQUIRE_SERVICES=1; announces a skip once. */
function skipReasons(name: string, needs: readonly ServiceNeed[]): string | undefined {
  const reasons = needs.map(missingService).filter((r): r is string => r !== undefined);
  if (reasons.length === 0) return undefined;
  const text = reasons.join('; ');
  if (servicesRequired) throw new Error(`${name}: ${text} (INSTTS_REQUIRE_SERVICES=1)`);
  const line = `skipped "${name}": ${text}`;
  if (!announced.has(line)) {
    announced.add(line);
    process.stderr.write(`${line}\n`);
  }
  return text;
}

/**
 * `describe` for tests that need real servers: skipped with one line on stderr when a package is
 * missing, failed when INSTTS_REQUIRE_SERVICES=1 (CI) and a package is missing.
 */
export function describeWithServices(name: string, needs: readonly ServiceNeed[], body: () => void): void {
  const reason = skipReasons(name, needs);
  if (reason === undefined) describe(name, body);
  else describe.skip(`${name} (${reason})`, body);
}

/** `it` for one test that needs real servers, with the same skip and require rules. */
export function itWithServices(
  name: string,
  needs: readonly ServiceNeed[],
  body: () => Promise<void> | void,
  timeout?: number,
): void {
  const reason = skipReasons(name, needs);
  if (reason === undefined) it(name, body, timeout);
  else it.skip(`${name} (${reason})`, body, timeout);
}
