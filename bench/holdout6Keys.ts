/**
 * What the sixth hold-out's classes (bench/holdout6.ts) do before the linkage sees them: for generated persons,
 * per class (and `clean`, the background's rendering alone), the share of rows the import refuses (validateRecordFields) and, of the rows it takes, the share
 * whose family / given / father key differs from the person's own record's. A quick look before simulate:link.
 *
 *   npx tsx --conditions=source bench/holdout6Keys.ts   (PERSONS=3000, PROFILE=realistic|mixed, SHOW=n)
 */
import { HOLDOUT6_CLASSES, holdout6Names } from './holdout6.js';
import { printHoldoutKeys } from './keyTally.js';

printHoldoutKeys(HOLDOUT6_CLASSES, holdout6Names, { clean: true });
