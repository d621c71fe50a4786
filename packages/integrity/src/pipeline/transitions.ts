import type { ActorRole, PipelineAction, VersionState } from './types.js';

export interface TransitionRule {
  from: readonly VersionState[];
  to: VersionState;
  roles: readonly ActorRole[];
}

/** The whole state machine. Anything not listed here is an illegal transition. */
export const PIPELINE_TRANSITIONS: Readonly<Record<Exclude<PipelineAction, 'submit'>, TransitionRule>> = {
  check_passed: { from: ['submitted'], to: 'pending_review', roles: ['system', 'admin'] },
  check_failed: { from: ['submitted'], to: 'rejected', roles: ['system', 'admin'] },
  approve: { from: ['pending_review'], to: 'approved', roles: ['reviewer', 'admin'] },
  reject: { from: ['pending_review'], to: 'rejected', roles: ['reviewer', 'admin'] },
  yank: { from: ['approved'], to: 'yanked', roles: ['admin'] },
};
