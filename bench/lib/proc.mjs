// Child processes for the bench: timed runs with their peak memory, long-running servers, and a
// cleanup that kills every child still alive when the bench ends, fails or is interrupted.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = fs.existsSync(GNU_TIME);

// Every child is the leader of its own process group, so killing the group also ends the
// processes it started (esbuild's service, tsc's workers, a server's cluster).
const live = new Set();

export function killAll() {
  for (const child of live) killGroup(child);
  live.clear();
}

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

let cleanupInstalled = false;
export function installCleanup() {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', killAll);
  for (const [signal, number] of [
    ['SIGINT', 2],
    ['SIGTERM', 15],
    ['SIGHUP', 1],
  ]) {
    process.on(signal, () => {
      killAll();
      process.stderr.write(`\nbench: ${signal}, children killed\n`);
      process.exit(128 + number);
    });
  }
}

function track(child) {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Sum of the resident memory of a process and all its descendants, in kB (Linux /proc). */
function treeRssKb(pid) {
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop();
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      const m = /VmRSS:\s+(\d+)/.exec(status);
      if (m) total += Number(m[1]);
      for (const task of fs.readdirSync(`/proc/${p}/task`)) {
        const children = fs.readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        if (children) stack.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // the process ended between two reads
    }
  }
  return total;
}

/**
 * Run a command to completion and measure it: wall time (spawn to exit), and peak memory as
 * the larger of the kernel's max RSS of the biggest single process (GNU time's %M) and the
 * sampled sum over the process tree (a build that runs node + esbuild's Go service uses both).
 */
export function runMeasured(command, args, { cwd, env, timeoutMs = 30 * 60_000, sampleMs = 50 } = {}) {
  return new Promise((resolve, reject) => {
    const timeFile = hasGnuTime
      ? path.join(os.tmpdir(), `instts-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`)
      : undefined;
    const [cmd, argv] = hasGnuTime ? [GNU_TIME, ['-f', '%M', '-o', timeFile, command, ...args]] : [command, args];
    const started = performance.now();
    const child = track(
      spawn(cmd, argv, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true }),
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let sampledPeakKb = 0;
    const sampler = setInterval(() => {
      sampledPeakKb = Math.max(sampledPeakKb, treeRssKb(child.pid));
    }, sampleMs);
    const timer = setTimeout(() => killGroup(child), timeoutMs);
    child.on('error', (error) => {
      clearInterval(sampler);
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      const ms = performance.now() - started;
      clearInterval(sampler);
      clearTimeout(timer);
      let maxRssKb = 0;
      if (timeFile) {
        try {
          // GNU time prints "Command exited with non-zero status N" before %M on failures.
          const lines = fs.readFileSync(timeFile, 'utf8').trim().split('\n');
          maxRssKb = Number(lines[lines.length - 1]) || 0;
          fs.rmSync(timeFile, { force: true });
        } catch {
          // no file: the command did not start
        }
      }
      resolve({
        code: code ?? (signal ? 128 : 1),
        signal,
        ms,
        peakRssMb: Math.max(maxRssKb, sampledPeakKb) / 1024,
        stdout,
        stderr,
      });
    });
  });
}

/** Run a command and collect its output; rejects on a non-zero exit unless `allowFailure`. */
export function run(command, args, { cwd, env, allowFailure = false, timeoutMs = 10 * 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = track(
      spawn(command, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true }),
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => killGroup(child), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result = { code: code ?? 1, signal, stdout, stderr };
      if (code !== 0 && !allowFailure) {
        reject(
          new Error(`${path.basename(command)} ${args.join(' ')} exited with ${code ?? signal}\n${stderr || stdout}`),
        );
      } else resolve(result);
    });
  });
}

/**
 * Start a server and wait for the line it prints once listening (`listening <port>`).
 * Returns { port, stop }. stop() kills the process group and waits for it to end.
 */
export function startServer(command, args, { cwd, env, readyTimeoutMs = 20_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = track(
      spawn(command, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true }),
    );
    let output = '';
    const timer = setTimeout(() => {
      killGroup(child);
      reject(new Error(`server did not start within ${readyTimeoutMs} ms:\n${output}`));
    }, readyTimeoutMs);
    const exited = new Promise((r) => child.once('close', r));
    // SIGKILL by default; with SIGTERM, the server may end gracefully (flush its spans) within
    // a few seconds before it is killed.
    const stop = async (signal = 'SIGKILL', graceMs = 5000) => {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      if (signal === 'SIGKILL') killGroup(child);
      else {
        try {
          process.kill(child.pid, signal);
        } catch {
          // already gone
        }
        const timer = setTimeout(() => killGroup(child), graceMs);
        await exited;
        clearTimeout(timer);
        killGroup(child); // anything it started
      }
      await exited;
    };
    const onData = (d) => {
      output += d;
      const m = /listening (\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ port: Number(m[1]), pid: child.pid, stop, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

/**
 * Runs `node <file>` to its end with `env` over this process's environment and returns the JSON
 * of the `RESULT {…}` line it prints (the bench apps' one line of measurements).
 */
export function runForResult(file, env, { timeoutMs = 300_000 } = {}) {
  const result = spawnSync(process.execPath, [file], {
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, ...env },
  });
  const m = /RESULT (\{.*\})/.exec(result.stdout ?? '');
  if (m === null) throw new Error(`no result (exit ${result.status}): ${(result.stderr ?? '').slice(-500)}`);
  return JSON.parse(m[1]);
}
