// The span of one published or processed message: every span of this instrumentation starts
// and ends here (one place to add per-message metrics).

import { SpanStatusCode, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { endSpanError, startSpan } from '../../runtime/tracing/span-ops.js';
import { spanTime } from '../../runtime/tracing/clock.js';

export class MessageSpan {
  readonly span: Span;
  private ended = false;

  constructor(name: string, kind: 'producer' | 'consumer', attributes: Attributes, parent: Context) {
    this.span = startSpan(name, kind, attributes, parent);
  }

  /**
   * The consumer refused the message (`nack` / `reject`) while processing it: the span ends as
   * failed (status ERROR, `error.type` the operation), unless the consumer throws, which says more.
   */
  refused(operation: 'nack' | 'reject', requeue: boolean): void {
    if (this.ended) return;
    this.span.setAttribute('error.type', operation);
    this.span.setStatus({
      code: SpanStatusCode.ERROR,
      message: `${operation} called on the message${requeue ? ' (requeued)' : ' (not requeued)'}`,
    });
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
