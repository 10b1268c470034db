// Every rule Lockstep knows, in the order their docs list them.
import type { AnyRule } from '../types';
import { blockingInAsync } from './blocking-in-async';
import { floatingPromise } from './floating-promise';
import { lockLeak } from './lock-leak';
import { lockOrder } from './lock-order';
import { lockReentry } from './lock-reentry';
import { misusedPromise } from './misused-promise';
import { unusedSuppression } from './unused-suppression';

export const ALL_RULES: readonly AnyRule[] = [
  floatingPromise,
  misusedPromise,
  blockingInAsync,
  lockOrder,
  lockReentry,
  lockLeak,
  unusedSuppression,
];

export const RULE_IDS: readonly string[] = ALL_RULES.map((rule) => rule.meta.id);
