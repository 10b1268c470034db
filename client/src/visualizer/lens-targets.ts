// Which entry points get a "Visualize" lens: those whose run touches something the visualizer shows — a lock, an
// event, a call that blocks the event loop — directly, through an inlined call, in any branch, or in a task they
// start. An async function that only awaits I/O would show one lane going ready → waiting → done: no lens.
// Pure (the model's JSON as given) and unit-tested.
import type { Step, TaskTemplate } from '../../../model/schema';

const SHOWN: ReadonlySet<Step['kind']> = new Set(['acquire', 'release', 'block', 'wait', 'signal']);

/** The names of the templates whose run touches a lock, an event or a blocking call. */
export function templatesWorthALens(templates: readonly TaskTemplate[]): Set<string> {
  const byName = new Map(templates.map((template) => [template.name, template]));
  const verdicts = new Map<string, boolean>();
  const touches = (name: string): boolean => {
    const known = verdicts.get(name);
    if (known !== undefined) return known;
    verdicts.set(name, false); // a template that spawns itself decides by its other steps
    const verdict = stepsTouch(byName.get(name)?.steps ?? [], touches);
    verdicts.set(name, verdict);
    return verdict;
  };
  return new Set(templates.map((template) => template.name).filter(touches));
}

function stepsTouch(steps: readonly Step[], spawned: (template: string) => boolean): boolean {
  return steps.some((step) => {
    if (SHOWN.has(step.kind)) return true;
    if (step.kind === 'call') return stepsTouch(step.steps, spawned);
    if (step.kind === 'branch') return step.alternatives.some((alternative) => stepsTouch(alternative.steps, spawned));
    return step.kind === 'spawn' && spawned(step.template);
  });
}
