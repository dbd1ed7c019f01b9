/**
 * What the seventeenth hold-out's classes (bench/holdout17.ts) do before the linkage sees them: for generated
 * persons, per class (and `clean`, the background's rendering alone), the share of rows the import refuses
 * (validateRecordFields) and, of the rows it takes, the share whose family / given / father key differs from the
 * person's own record's. For `two_persons` the right share refused is 1: a row it takes is read as one of two
 * people (SHOW=n prints them).
 *
 *   npx tsx --conditions=source bench/holdout17Keys.ts   (PERSONS=3000, PROFILE=realistic|mixed, SHOW=n)
 */
import { HOLDOUT17_CLASSES, holdout17Names } from './holdout17.js';
import { printHoldoutKeys } from './keyTally.js';

printHoldoutKeys(HOLDOUT17_CLASSES, holdout17Names, { clean: true });
