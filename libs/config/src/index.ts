export { findRepoRoot } from './paths.js';
export { loadConfig, databaseUrl, temporalAddress, temporalUiUrl, ConfigError, type A2vConfig } from './config.js';
export { createLogger, type Logger } from './logger.js';
export { SEARCH_ATTRIBUTES, TASK_QUEUES } from './temporal-constants.js';
