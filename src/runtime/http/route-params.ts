// Route parameters of a request, read from the route template a framework matched and the path
// requested: `/orders/:id` and `/orders/7` give `{ id: '7' }`. The same for express 4 and 5,
// fastify and @koa/router, whose templates name a parameter as a whole segment `:name` (express 4
// and fastify may add a pattern in parentheses). Segments are read left to right while each
// template segment stands for exactly one path segment; reading stops at the first one that may
// not (an optional part, a wildcard, a group, several parameters in one segment), so a parameter
// is never read from the wrong place: after such a segment, parameters are not read at all.

/** `:name`, optionally followed by one pattern in parentheses (`:id(\d+)`, `:id(^\d+$)`). */
const WHOLE_SEGMENT_PARAM = /^:([A-Za-z0-9_$]+)(?:\([^()]*\))?$/;
/** `:name{`: a parameter, then an optional group (express 5, @koa/router) opening in the same segment. */
const PARAM_BEFORE_GROUP = /^:([A-Za-z0-9_$]+)\{$/;
/** What makes a segment stand for zero, several or part of a path segment. */
const NOT_ONE_SEGMENT = /[*?+{}()[\]:]/;

export function routeParams(template: string, path: string): Record<string, string> {
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  const templateSegments = template.split('/').filter((s) => s !== '');
  const pathSegments = path.split('/').filter((s) => s !== '');
  for (let i = 0; i < templateSegments.length && i < pathSegments.length; i++) {
    const segment = templateSegments[i]!;
    const param = WHOLE_SEGMENT_PARAM.exec(segment);
    if (param !== null) params[param[1]!] = decoded(pathSegments[i]!);
    else {
      // `/:x{/:y}`: x is a whole segment; the optional group after it ends the reading
      const beforeGroup = PARAM_BEFORE_GROUP.exec(segment);
      if (beforeGroup !== null) params[beforeGroup[1]!] = decoded(pathSegments[i]!);
      if (beforeGroup !== null || NOT_ONE_SEGMENT.test(segment)) break;
    }
  }
  return params;
}

/** As the frameworks decode a parameter; a malformed escape keeps the raw text. */
function decoded(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
