/**
 * Record linkage, pure (no database): comparison vectors with graded levels, the Fellegi–Sunter model
 * (u by random sampling, m by EM on blocked pairs, a prior, term-frequency adjustments), scoring with a
 * per-field explanation, blocking, decisions and clustering that never joins conflicting records.
 */
export * from './compare.js';
export * from './model.js';
export * from './train.js';
export * from './blocking.js';
export * from './cluster.js';
export * from './decide.js';
