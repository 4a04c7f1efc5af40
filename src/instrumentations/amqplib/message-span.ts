// The span of one published or processed message: every span of this instrumentation starts
// and ends here (one place to add per-message metrics).

import type { Attributes, Context, Span } from '@opentelemetry/api';
import { endSpanError, startSpan } from '../../runtime/tracing/span-ops.js';
import { spanTime } from '../../runtime/tracing/clock.js';

export class MessageSpan {
  readonly span: Span;
  private ended = false;

  constructor(name: string, kind: 'producer' | 'consumer', attributes: Attributes, parent: Context) {
    this.span = startSpan(name, kind, attributes, parent);
  }

  /** Ends the span: with `error`, or with `outcome` (e.g. `requeued`) recorded. Once. */
  end(error?: unknown, outcome?: string): void {
    if (this.ended) return;
    this.ended = true;
    if (outcome !== undefined) this.span.setAttribute('instts.messaging.outcome', outcome);
    if (error !== undefined) endSpanError(this.span, error);
    else this.span.end(spanTime());
  }
}
