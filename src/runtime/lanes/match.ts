// Lane selection at an entry service: the enabled lanes of the groups this service is the entry
// of, in policy order; the first whose paths and conditions match the request gives its tag.

import { Minimatch } from 'minimatch';
import { PATH_GLOB, regexOf, type Lane, type LanesConfig, type MatchItem } from './config.js';
import { laneBucket } from './hash.js';
import { RequestView, type InboundRequest } from './request.js';

type Condition = (request: RequestView) => boolean;

/** A lane ready to be evaluated. */
export interface CompiledLane {
  readonly lane: Lane;
  readonly matches: Condition;
}

/** The test one match item makes; a request without the item's key never matches. */
export function itemCondition(item: MatchItem): Condition {
  const { type, name } = item;
  const read = (request: RequestView): string | undefined => request.value(type, name);
  switch (item.op) {
    case '==': {
      const expected = item.value;
      return (r) => read(r) === expected;
    }
    case '!=': {
      const other = item.value;
      return (r) => {
        const v = read(r);
        return v !== undefined && v !== other;
      };
    }
    case 'in': {
      const values = new Set(item.values);
      return (r) => {
        const v = read(r);
        return v !== undefined && values.has(v);
      };
    }
    case 'regex': {
      const re = regexOf(item);
      return (r) => {
        const v = read(r);
        return v !== undefined && re.test(v);
      };
    }
    case 'percentage': {
      const pct = item.value;
      return (r) => {
        const v = read(r);
        return v !== undefined && laneBucket(v) < pct;
      };
    }
  }
}

/** The full test of one lane: its paths, then its conditions joined by AND or OR. */
export function laneCondition(lane: Lane): Condition {
  const conditions = (lane.match?.items ?? []).map(itemCondition);
  const any = lane.match?.condition === 'or';
  const byContent: Condition =
    conditions.length === 0
      ? () => true
      : any
        ? (r) => conditions.some((c) => c(r))
        : (r) => conditions.every((c) => c(r));
  if (lane.paths === null) return byContent;
  const globs = lane.paths.map((p) => new Minimatch(p, PATH_GLOB));
  return (r) => globs.some((g) => g.match(r.path)) && byContent(r);
}

/** The enabled lanes `service` tags requests for (it is the entry of their group), in order. */
export function entryLanes(config: LanesConfig, service: string | undefined): CompiledLane[] {
  if (service === undefined) return [];
  // service names compare without case, as everywhere in lanes
  const own = service.toLowerCase();
  const entryOf = new Set(config.groups.filter((g) => g.entry.toLowerCase() === own).map((g) => g.name));
  return config.lanes
    .filter((lane) => lane.enabled && entryOf.has(lane.group))
    .map((lane) => ({ lane, matches: laneCondition(lane) }));
}

/** The first lane in `lanes` that matches `request`, or undefined. */
export function selectLane(lanes: readonly CompiledLane[], request: InboundRequest | RequestView): Lane | undefined {
  if (lanes.length === 0) return undefined;
  const view = request instanceof RequestView ? request : new RequestView(request);
  for (const l of lanes) if (l.matches(view)) return l.lane;
  return undefined;
}
