// Adaptive overload protection (BBR-style, as Kratos and Sentinel's system rule do it): while the
// smoothed CPU usage is at or above the threshold — or within `coolOffMs` of the moment dropping
// started — a call is dropped when more than one call is in flight and the in-flight count
// exceeds maxPass × minRt × bucketsPerSecond / 1000, i.e. what the service completed per bucket
// at best times its best response time. maxPass and minRt come from the completed buckets of the
// window (the current, partial bucket never counts) and are cached for one bucket.

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Blocked } from '../behavior.js';
import type { AdaptiveRule } from './rule.js';
import { LeapArray } from '../window.js';

const PASS = 0;
const RT_SUM = 1;
const RT_N = 2;

export class AdaptiveController {
  rule: AdaptiveRule;
  /** mode "on": drop; mode "dryRun": only count and report what would be dropped. */
  enforce: boolean;
  blocked!: Blocked;
  readonly window: LeapArray;
  private readonly bucketsPerSecond: number;
  cpu: () => number;
  inFlight = 0;
  /** Start of the current dropping episode; -Infinity when not dropping. */
  private dropStartedAt = -Infinity;
  private cacheAt = NaN;
  private maxPassCache = 1;
  private minRtCache = 1;
  dryRunDrops = 0;
  drops = 0;

  constructor(rule: AdaptiveRule, cpu: () => number) {
    this.rule = rule;
    this.enforce = rule.mode === 'on';
    this.window = new LeapArray(rule.window.ms, rule.window.buckets, 3);
    this.bucketsPerSecond = 1000 / this.window.bucketMs;
    this.cpu = cpu;
  }

  private refresh(now: number): void {
    const start = this.window.bucketStart(now);
    if (start === this.cacheAt) return;
    this.cacheAt = start;
    let maxPass = 1;
    let minRt = Infinity;
    this.window.forEachCompleted(now, (get) => {
      const pass = get(PASS);
      if (pass > maxPass) maxPass = pass;
      const n = get(RT_N);
      if (n > 0) {
        const avg = get(RT_SUM) / n;
        if (avg < minRt) minRt = avg;
      }
    });
    this.maxPassCache = maxPass;
    this.minRtCache = minRt === Infinity ? 1 : Math.max(1, Math.ceil(minRt));
  }

  maxPass(now: number): number {
    this.refresh(now);
    return this.maxPassCache;
  }

  minRt(now: number): number {
    this.refresh(now);
    return this.minRtCache;
  }

  maxInFlight(now: number): number {
    this.refresh(now);
    return Math.floor((this.maxPassCache * this.minRtCache * this.bucketsPerSecond) / 1000 + 0.5);
  }

  /** Would a call arriving now be dropped? (The caller enforces it or, in dry run, counts it.) */
  shouldDrop(now: number): boolean {
    const inFlight = this.inFlight;
    if (this.cpu() < this.rule.cpuThreshold) {
      if (this.dropStartedAt === -Infinity) return false;
      if (now - this.dropStartedAt <= this.rule.coolOffMs) return inFlight > 1 && inFlight > this.maxInFlight(now);
      this.dropStartedAt = -Infinity;
      return false;
    }
    const drop = inFlight > 1 && inFlight > this.maxInFlight(now);
    if (drop && this.dropStartedAt === -Infinity) this.dropStartedAt = now;
    return drop;
  }

  /** A call that passed this check ended (aborted calls only leave the in-flight count). */
  onExit(now: number, rtMs: number, completed: boolean): void {
    if (this.inFlight > 0) this.inFlight--;
    if (!completed) return;
    this.window.add(now, PASS, 1);
    if (rtMs > 0) this.window.add2(now, RT_SUM, rtMs, RT_N, 1);
  }

  state(now: number): Record<string, unknown> {
    return {
      mode: this.rule.mode,
      cpu: Math.round(this.cpu() * 1000) / 1000,
      cpuThreshold: this.rule.cpuThreshold,
      inFlight: this.inFlight,
      maxInFlight: this.maxInFlight(now),
      maxPass: this.maxPassCache,
      minRtMs: this.minRtCache,
      dropping: this.dropStartedAt !== -Infinity,
      drops: this.drops,
      dryRunDrops: this.dryRunDrops,
    };
  }
}

/**
 * Smoothed CPU usage of this process, in [0, 1], from `process.cpuUsage()` sampled every
 * `sampleMs` on an unref'd timer (it never keeps the process alive):
 * cpu = cpu × decay + sample × (1 − decay).
 */
export class CpuSampler {
  value = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private prevUsage: NodeJS.CpuUsage | undefined;
  private prevAt = 0;
  private cores = 1;
  private decay = 0.95;
  private sampleMs = 0;

  /** Start or retune the sampler. */
  start(sampleMs: number, decay: number, cores: 'auto' | number): void {
    this.decay = decay;
    this.cores = cores === 'auto' ? autoCores() : cores;
    if (this.timer !== undefined && this.sampleMs === sampleMs) return;
    this.stop();
    this.sampleMs = sampleMs;
    this.prevUsage = process.cpuUsage();
    this.prevAt = performance.now();
    this.timer = setInterval(() => this.sample(), sampleMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Take one sample now (the timer calls this). */
  sample(): void {
    const now = performance.now();
    const elapsedUs = (now - this.prevAt) * 1000;
    if (!(elapsedUs > 0)) return;
    const used = process.cpuUsage(this.prevUsage);
    this.prevUsage = process.cpuUsage();
    this.prevAt = now;
    const usage = Math.min(1, Math.max(0, (used.user + used.system) / elapsedUs / this.cores));
    this.value = this.value * this.decay + usage * (1 - this.decay);
  }
}

/**
 * "auto" cores: one event loop can use at most about one core, and a container may have less
 * (its CPU quota). The smaller of the two is what "100 %" means for this process.
 */
export function autoCores(): number {
  let cores = Math.min(1, availableParallelism());
  const quota = cgroupQuota();
  if (quota !== undefined && quota < cores) cores = quota;
  return cores;
}

function cgroupQuota(): number | undefined {
  try {
    const [max, period] = readFileSync('/sys/fs/cgroup/cpu.max', 'utf8').trim().split(/\s+/);
    if (max && max !== 'max' && period) {
      const q = Number(max) / Number(period);
      if (q > 0) return q;
    }
    return undefined;
  } catch {
    // cgroup v1, or not Linux
  }
  try {
    const quota = Number(readFileSync('/sys/fs/cgroup/cpu/cpu.cfs_quota_us', 'utf8').trim());
    const period = Number(readFileSync('/sys/fs/cgroup/cpu/cpu.cfs_period_us', 'utf8').trim());
    if (quota > 0 && period > 0) return quota / period;
  } catch {
    // no quota information
  }
  return undefined;
}
