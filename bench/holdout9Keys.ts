/**
 * What the ninth hold-out's classes (bench/holdout9.ts) do before the linkage sees them: for generated persons,
 * per class (and `clean`, the background's rendering alone), the share of rows the import refuses (validateRecordFields) and, of the rows it takes, the share
 * whose family / given / father key differs from the person's own record's. A quick look before simulate:link.
 *
 *   npx tsx --conditions=source bench/holdout9Keys.ts   (PERSONS=3000, PROFILE=realistic|mixed, SHOW=n)
 */
import { HOLDOUT9_CLASSES, holdout9Names } from './holdout9.js';
import { printHoldoutKeys } from './keyTally.js';

printHoldoutKeys(HOLDOUT9_CLASSES, holdout9Names, { clean: true });
