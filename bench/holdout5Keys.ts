/**
 * What the fifth hold-out's classes (bench/holdout5.ts) do before the linkage sees them: for generated persons,
 * per class, the share of rows the import refuses (validateRecordFields) and, of the rows it takes, the share
 * whose family / given / father key differs from the person's own record's. A quick look before simulate:link.
 *
 *   npx tsx --conditions=source bench/holdout5Keys.ts   (PERSONS=3000, PROFILE=realistic|mixed, SHOW=n)
 */
import { HOLDOUT5_CLASSES, holdout5Names } from './holdout5.js';
import { printHoldoutKeys } from './keyTally.js';

printHoldoutKeys(HOLDOUT5_CLASSES, holdout5Names, { clean: false });
