// gRPC status codes by name: what a blocked gRPC call can be answered with (a fallback
// behaviour's `throw.code` names one). Here rather than with the gRPC instrumentation so the
// policy checks can tell a status name from a typo without loading it.

/** gRPC status codes by name (the wire numbers; grpc-js's `status` enum has the same values). */
export const GRPC_STATUS: Readonly<Record<string, number>> = Object.freeze({
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
});

/**
 * The code a blocked gRPC call gets for a fallback `throw.code` (any case): the status it names,
 * or undefined when it names none or names OK (a blocked call cannot succeed).
 */
export function grpcBlockedCode(code: string): number | undefined {
  const name = code.toUpperCase();
  const value = Object.hasOwn(GRPC_STATUS, name) ? GRPC_STATUS[name] : undefined;
  return value === 0 ? undefined : value;
}
