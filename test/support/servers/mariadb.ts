// A private MariaDB for one test file: mariadb-install-db into a temporary folder, `mariadbd` on
// 127.0.0.1 with a free port and its unix socket in that folder, small InnoDB settings so it is
// up in a second or two. When the tests run as root both run as `nobody` (the folder is handed to
// it), as for PostgreSQL; otherwise as the current user. A user `instts` (no password, from any
// host) and the database `app` are created over the socket. stop() ends it with SIGTERM and
// removes the folder.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { canConnect, freePort } from '../ports.js';
import { findBinary } from '../services.js';

export interface MariaDb {
  host: string;
  port: number;
  user: string;
  database: string;
  /** `mysql://…` for clients that take a URL. */
  url: string;
  stop(): Promise<void>;
}

const USER = 'instts';
const DATABASE = 'app';

/** Options both mariadb-install-db and mariadbd get: small and unsafe, for a throw-away server. */
const SMALL = [
  '--skip-name-resolve',
  '--innodb-buffer-pool-size=16M',
  '--innodb-log-file-size=4M',
  '--innodb-flush-log-at-trx-commit=0',
];

function asServerUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', command, ...args]];
}

export async function startMariaDb(timeoutMs = 30_000): Promise<MariaDb> {
  const installDb = findBinary('mariadb-install-db');
  const mariadbd = findBinary('mariadbd');
  if (installDb === undefined || mariadbd === undefined)
    throw new Error('no mariadb-install-db/mariadbd: install the Debian package "mariadb-server"');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-mariadb-'));
  const data = path.join(dir, 'data');
  const socket = path.join(dir, 'mariadb.sock');
  if (process.getuid?.() === 0) {
    const uid = Number(spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).stdout.trim());
    if (!Number.isInteger(uid) || !Number.isInteger(gid))
      throw new Error('MariaDB is not run as root here and there is no user "nobody"');
    fs.chownSync(dir, uid, gid);
  }
  const [initCmd, initArgs] = asServerUser(installDb, [
    '--no-defaults',
    `--datadir=${data}`,
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    ...SMALL,
  ]);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8', cwd: dir, timeout: timeoutMs });
  if (init.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`mariadb-install-db failed (${init.status}):\n${init.stdout}\n${init.stderr}`);
  }
  const port = await freePort();
  const [cmd, args] = asServerUser(mariadbd, [
    '--no-defaults',
    `--datadir=${data}`,
    `--socket=${socket}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--pid-file=${path.join(dir, 'mariadbd.pid')}`,
    '--skip-log-bin',
    '--max-connections=100',
    ...SMALL,
  ]);
  const child: ChildProcess = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-8_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(hard);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (!(/ready for connections/.test(log) && (await canConnect(port)))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`mariadbd did not start on port ${port}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  try {
    const root = await mysql.createConnection({ socketPath: socket, user: 'root', password: '' });
    await root.query(`CREATE USER '${USER}'@'%'`);
    await root.query(`GRANT ALL ON *.* TO '${USER}'@'%'`);
    await root.query(`CREATE DATABASE ${DATABASE}`);
    await root.end();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    host: '127.0.0.1',
    port,
    user: USER,
    database: DATABASE,
    url: `mysql://${USER}@127.0.0.1:${port}/${DATABASE}`,
    stop,
  };
}
