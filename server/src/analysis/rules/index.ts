// Every rule Lockstep knows, in the order their docs list them.
import type { Rule } from '../types';
import { floatingPromise } from './floating-promise';
import { lockLeak } from './lock-leak';
import { lockOrder } from './lock-order';
import { lockReentry } from './lock-reentry';
import { misusedPromise } from './misused-promise';

export const ALL_RULES: readonly Rule[] = [floatingPromise, misusedPromise, lockOrder, lockReentry, lockLeak];

export const RULE_IDS: readonly string[] = ALL_RULES.map((rule) => rule.meta.id);
