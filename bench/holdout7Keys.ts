/**
 * What the seventh hold-out's classes (bench/holdout7.ts) do before the linkage sees them: for generated persons,
 * per class (and `clean`, the background's rendering alone), the share of rows the import refuses (validateRecordFields) and, of the rows it takes, the share
 * whose family / given / father key differs from the person's own record's. A quick look before simulate:link.
 *
 *   npx tsx --conditions=source bench/holdout7Keys.ts   (PERSONS=3000, PROFILE=realistic|mixed, SHOW=n)
 */
import { HOLDOUT7_CLASSES, holdout7Names } from './holdout7.js';
import { printHoldoutKeys } from './keyTally.js';

printHoldoutKeys(HOLDOUT7_CLASSES, holdout7Names, { clean: true });
