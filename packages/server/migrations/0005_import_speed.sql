-- The (given, father) index of 0002 is a prefix of 0003's (given, father, birth year, birth month): every
-- lookup it served (search's given + father classes, linkage's blocks) is served as well by the longer
-- one, and with it the planner read linkage's "same year, month unknown" block by filtering every
-- namesake instead of as an index range. One index fewer to write per imported record.
DROP INDEX record_key_given_father;
