export { stackUp, stackDown, stackStatus, embeddedPostgresOptions, temporalServerOptions, type StackUpReport, type StackStatus } from './stack.js';
export { StackError } from './errors.js';
export { checkPostgresUrl, ensureDatabase, redactUrl, startEmbeddedPostgres, stopEmbeddedPostgres, embeddedUrl, type EmbeddedPostgresOptions } from './postgres.js';
export { findTemporalCli, provisionTemporalCli, startTemporalDevServer, stopTemporalDevServer, temporalHealthy, ensureNamespace, type TemporalDevServerOptions } from './temporal.js';
export { isListening } from './processes.js';
