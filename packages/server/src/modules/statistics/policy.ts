import { can, type Principal } from '../../auth/permissions.js';
import { AppError } from '../../errors.js';

/**
 * Releases hold aggregates of the whole registry and never a person, so the publisher role's
 * permissions are the whole policy: whoever holds them builds (`statistics:draft`) or reviews and
 * publishes (`statistics:publish`) releases of the registry, whatever their organisation.
 */
export function assertMayStatistics(
  principal: Principal,
  permission: 'statistics:draft' | 'statistics:publish',
): void {
  if (!can(principal, permission)) throw new AppError('forbidden', 'not permitted');
}
