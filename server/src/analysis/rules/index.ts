// Every rule Lockstep knows, in the order their docs list them.
import type { Rule } from '../types';
import { blockingInAsync } from './blocking-in-async';
import { floatingPromise } from './floating-promise';
import { misusedPromise } from './misused-promise';

export const ALL_RULES: readonly Rule[] = [floatingPromise, misusedPromise, blockingInAsync];

export const RULE_IDS: readonly string[] = ALL_RULES.map((rule) => rule.meta.id);
