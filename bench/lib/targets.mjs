// The targets (aims for the code, never test assertions), checked against a run's
// medians and printed under each suite's table.

/**
 * `value` against `limit`; `atMost` true for "≤ limit", false for "≥ limit". A value that could
 * not be measured (n/a) is neither met nor missed.
 */
export function target(name, value, limit, { atMost = true, format = String } = {}) {
  const measured = Number.isFinite(value);
  const met = measured ? (atMost ? value <= limit : value >= limit) : undefined;
  return {
    name,
    value: measured ? value : null,
    limit,
    atMost,
    met,
    text: measured ? format(value) : 'n/a',
    limitText: `${atMost ? '≤' : '≥'} ${format(limit)}`,
  };
}

export function targetLines(targets) {
  return targets
    .map(
      (t) =>
        `  ${t.met === undefined ? 'n/a ' : t.met ? 'met ' : 'MISS'}  ${t.name}: ${t.text} (target ${t.limitText})`,
    )
    .join('\n');
}

export function targetMarkdown(targets) {
  return targets
    .map(
      (t) =>
        `- ${t.met === undefined ? 'n/a' : t.met ? 'met' : '**missed**'}: ${t.name} — ${t.text} (target ${t.limitText})`,
    )
    .join('\n');
}
