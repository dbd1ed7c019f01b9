/**
 * What the eighteenth hold-out's classes (bench/holdout18.ts) do before the linkage sees them: for generated
 * persons, per class (and `clean`, the background's rendering alone), the share of rows the import refuses
 * (validateRecordFields) and, of the rows it takes, the share whose family / given / father key differs from the
 * person's own record's.
 *
 *   npx tsx --conditions=source bench/holdout18Keys.ts   (PERSONS=3000, PROFILE=realistic|mixed, SHOW=n)
 */
import { HOLDOUT18_CLASSES, holdout18Names } from './holdout18.js';
import { printHoldoutKeys } from './keyTally.js';

printHoldoutKeys(HOLDOUT18_CLASSES, holdout18Names, { clean: true });
