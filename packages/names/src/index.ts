/** The names package: scripts, romanization, Latin folding, given-name and surname tables, patronymics. */
export * from './data/givenNames.js';
export * from './data/surnames.js';
export * from './patronymic.js';
export * from './script.js';
export * from './romanize.js';
export * from './fold.js';
export * from './givenNameIndex.js';
export * from './parse.js';
export * from './keys.js';
export * from './initials.js';
export * from './similarity.js';
export * from './mojibake.js';
export * from './rank.js';
export * from './decline.js';
export * from './keyboard.js';
export * from './cell.js';
export * from './capsLookalike.js';
