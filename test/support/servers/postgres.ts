// A private PostgreSQL for one test file: initdb into a temporary folder, `postgres` on 127.0.0.1
// with a free port and its unix socket in that folder. PostgreSQL refuses to run as root, so when
// the tests run as root both run as `nobody` (the folder is handed to it); otherwise as the
// current user. stop() ends it with SIGINT (fast shutdown) and removes the folder.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, canConnect } from '../ports.js';
import { findBinary } from '../services.js';

export interface Postgres {
  host: string;
  port: number;
  user: string;
  database: string;
  /** `postgresql://…` for clients that take a URL. */
  url: string;
  stop(): Promise<void>;
}

const USER = 'instts';

/** `command args` as `nobody` when this process is root (PostgreSQL will not run as root). */
function asServerUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', command, ...args]];
}

export async function startPostgres(timeoutMs = 30_000): Promise<Postgres> {
  const initdb = findBinary('initdb');
  const postgres = findBinary('postgres');
  if (initdb === undefined || postgres === undefined)
    throw new Error('no initdb/postgres: install the Debian package "postgresql"');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-postgres-'));
  const data = path.join(dir, 'data');
  const socketDir = path.join(dir, 'socket');
  fs.mkdirSync(socketDir);
  if (process.getuid?.() === 0) {
    const nobody = spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' });
    const group = spawnSync('id', ['-g', 'nobody'], { encoding: 'utf8' });
    const uid = Number(nobody.stdout.trim());
    const gid = Number(group.stdout.trim());
    if (!Number.isInteger(uid) || !Number.isInteger(gid))
      throw new Error('PostgreSQL cannot run as root and there is no user "nobody"');
    for (const p of [dir, socketDir]) fs.chownSync(p, uid, gid);
  }
  const [initCmd, initArgs] = asServerUser(initdb, [
    '-D',
    data,
    '-U',
    USER,
    '--auth=trust',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8', cwd: dir, timeout: timeoutMs });
  if (init.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}):\n${init.stdout}\n${init.stderr}`);
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
    socketDir,
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=60',
  ]);
  const child: ChildProcess = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-8_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(hard);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  // Ready once it accepts connections and says so (it listens a moment before it is ready).
  while (!(/ready to accept connections/.test(log) && (await canConnect(port)))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`postgres did not start on port ${port}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    host: '127.0.0.1',
    port,
    user: USER,
    database: 'postgres',
    url: `postgresql://${USER}@127.0.0.1:${port}/postgres`,
    stop,
  };
}
