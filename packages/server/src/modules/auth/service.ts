// The authentication service, split by concern; this module re-exports them for callers.
export * from './login.js';
export * from './sessions.js';
export * from './sessionCache.js';
export * from './setup.js';
export * from './tokens.js';
export * from './totp.js';
