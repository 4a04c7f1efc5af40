// A private PostgreSQL for a bench suite (the same set-up as test/support/servers/postgres.ts):
// initdb into a temporary folder, `postgres` on 127.0.0.1 with a free port and its socket in
// that folder, as `nobody` when the bench runs as root (PostgreSQL refuses root). stop() ends it
// with SIGINT and removes the folder.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asServerUser, findBinary as findBinaryIn, freePort } from './servers.mjs';

/** PostgreSQL's server binaries: Debian keeps them in /usr/lib/postgresql/<version>/bin, newest first. */
function findBinary(name) {
  let versions = [];
  try {
    versions = fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  } catch {
    // no PostgreSQL installed
  }
  return findBinaryIn(
    name,
    versions.map((v) => path.join('/usr/lib/postgresql', v, 'bin')),
  );
}

export async function startPostgres(timeoutMs = 30_000) {
  const initdb = findBinary('initdb');
  const postgres = findBinary('postgres');
  if (initdb === undefined || postgres === undefined)
    throw new Error('no initdb/postgres: install the Debian package "postgresql"');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-bench-postgres-'));
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).stdout.trim());
    fs.chownSync(dir, uid, gid);
  }
  const [initCmd, initArgs] = asServerUser(initdb, [
    '-D',
    data,
    '-U',
    'instts',
    '--auth=trust',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8', cwd: dir, timeout: timeoutMs });
  if (init.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}): ${init.stderr}`);
  }
  const port = await freePort();
  const [cmd, args] = asServerUser(postgres, [
    '-D',
    data,
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'fsync=off',
  ]);
  const child = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => (log = (log + d.toString()).slice(-8_000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(hard);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (!/ready to accept connections/.test(log)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`postgres did not start: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `postgresql://instts@127.0.0.1:${port}/postgres`, port, stop };
}
