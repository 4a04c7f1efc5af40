// OpenTelemetry database semantic conventions (stable since semconv 1.26 / 1.33 names) used by
// the database client instrumentations.

export const DB_ATTR = {
  system: 'db.system.name',
  namespace: 'db.namespace',
  operation: 'db.operation.name',
  collection: 'db.collection.name',
  queryText: 'db.query.text',
  statusCode: 'db.response.status_code',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  errorType: 'error.type',
} as const;

/** `INSTTS_DB_QUERY_TEXT`: `raw` exports query texts as written; anything else (default) the placeholder form. */
export const QUERY_TEXT_ENV = 'INSTTS_DB_QUERY_TEXT';
