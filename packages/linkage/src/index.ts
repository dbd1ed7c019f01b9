/**
 * Record linkage (Fellegi–Sunter comparison vectors, blocking, clustering).
 * Empty until the record-linkage issue lands; the registry foundation makes each record its own person.
 */
export const LINKAGE_MODEL_VERSION = 'none-0' as const;
