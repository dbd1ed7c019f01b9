-- Issue #16: every record write maintains every record index. The plain service-number index of 0001 is
-- read by no statement: the blocking lookup and search compare the folded number (record_service_number_fold,
-- 0003), so this one only cost each imported record with a service number an index insertion.
DROP INDEX IF EXISTS record_service_number;
