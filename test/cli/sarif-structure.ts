// A structural validator for the parts of SARIF 2.1.0 that Lockstep emits, written from the OASIS standard
// (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) and its JSON schema: required properties, types, enums,
// minimums, and — as the schema's additionalProperties: false does — no property the standard does not define.
// It returns every problem as `path: reason`, so a failing test shows all of them at once.

type Json = unknown;
type Check = (value: Json, at: string, problems: string[]) => void;

const isObject = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

function string(value: Json, at: string, problems: string[]): void {
  if (typeof value !== 'string') problems.push(`${at}: expected a string`);
}

function integer(minimum: number): Check {
  return (value, at, problems) => {
    if (!Number.isInteger(value) || (value as number) < minimum) problems.push(`${at}: expected an integer >= ${minimum}`);
  };
}

function oneOf(...allowed: string[]): Check {
  return (value, at, problems) => {
    if (!allowed.includes(value as string)) problems.push(`${at}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  };
}

function number(value: Json, at: string, problems: string[]): void {
  if (typeof value !== 'number') problems.push(`${at}: expected a number`);
}

function boolean(value: Json, at: string, problems: string[]): void {
  if (typeof value !== 'boolean') problems.push(`${at}: expected a boolean`);
}

/** RFC 3986 URI-reference: no spaces, backslashes or other characters that must be percent-encoded. */
function uriReference(value: Json, at: string, problems: string[]): void {
  if (typeof value !== 'string' || /[\s\\"<>^`{|}]/.test(value)) problems.push(`${at}: expected a URI reference, got ${JSON.stringify(value)}`);
}

function absoluteUri(value: Json, at: string, problems: string[]): void {
  if (typeof value !== 'string' || !URL.canParse(value)) problems.push(`${at}: expected an absolute URI, got ${JSON.stringify(value)}`);
}

function arrayOf(item: Check, minItems = 0): Check {
  return (value, at, problems) => {
    if (!Array.isArray(value)) return void problems.push(`${at}: expected an array`);
    if (value.length < minItems) problems.push(`${at}: expected at least ${minItems} item(s)`);
    value.forEach((element, index) => item(element, `${at}[${index}]`, problems));
  };
}

function mapOf(item: Check): Check {
  return (value, at, problems) => {
    if (!isObject(value)) return void problems.push(`${at}: expected an object`);
    for (const [key, element] of Object.entries(value)) item(element, `${at}.${key}`, problems);
  };
}

/** An object with these properties (required ones marked), and no others. */
function object(properties: Record<string, Check>, required: string[] = []): Check {
  return (value, at, problems) => {
    if (!isObject(value)) return void problems.push(`${at}: expected an object`);
    for (const name of required) if (!(name in value)) problems.push(`${at}: missing required property ${name}`);
    for (const [name, element] of Object.entries(value)) {
      const check = properties[name];
      if (check) check(element, `${at}.${name}`, problems);
      else problems.push(`${at}: property ${name} is not defined by SARIF 2.1.0 here`);
    }
  };
}

const level = oneOf('none', 'note', 'warning', 'error');
const message = object({ text: string, markdown: string, id: string, arguments: arrayOf(string) }); // text or id: checked below
const messageWithText: Check = (value, at, problems) => {
  message(value, at, problems);
  if (isObject(value) && !('text' in value) && !('id' in value)) problems.push(`${at}: a message needs text or id`);
};
const multiformatMessageString = object({ text: string, markdown: string }, ['text']);
const artifactLocation = object({ uri: uriReference, uriBaseId: string, index: integer(-1), description: messageWithText });
const region = object({
  startLine: integer(1), startColumn: integer(1), endLine: integer(1), endColumn: integer(1),
  charOffset: integer(-1), charLength: integer(0), byteOffset: integer(-1), byteLength: integer(0),
  message: messageWithText,
});
const physicalLocation = object({ artifactLocation, region, contextRegion: region });
const location = object({ id: integer(-1), physicalLocation, message: messageWithText });
const reportingConfiguration = object({ enabled: boolean, level, rank: number });
const reportingDescriptor = object(
  {
    id: string, name: string, shortDescription: multiformatMessageString, fullDescription: multiformatMessageString,
    help: multiformatMessageString, helpUri: absoluteUri, defaultConfiguration: reportingConfiguration,
  },
  ['id'],
);
const toolComponent = object(
  { name: string, version: string, semanticVersion: string, informationUri: absoluteUri, rules: arrayOf(reportingDescriptor) },
  ['name'],
);
const reportingDescriptorReference = object({ id: string, index: integer(-1) });
const notification = object({ message: messageWithText, level, locations: arrayOf(location), associatedRule: reportingDescriptorReference }, ['message']);
const invocation = object(
  { executionSuccessful: boolean, exitCode: integer(Number.MIN_SAFE_INTEGER), toolExecutionNotifications: arrayOf(notification), toolConfigurationNotifications: arrayOf(notification) },
  ['executionSuccessful'],
);
const result = object(
  { ruleId: string, ruleIndex: integer(-1), level, message: messageWithText, locations: arrayOf(location), relatedLocations: arrayOf(location) },
  ['message'],
);
const run = object(
  {
    tool: object({ driver: toolComponent }, ['driver']),
    invocations: arrayOf(invocation),
    originalUriBaseIds: mapOf(artifactLocation),
    columnKind: oneOf('utf16CodeUnits', 'unicodeCodePoints'),
    results: arrayOf(result),
  },
  ['tool'],
);
const sarifLog = object({ $schema: absoluteUri, version: oneOf('2.1.0'), runs: arrayOf(run) }, ['version', 'runs']);

/** Problems found in a SARIF log, structural and the cross-references the standard requires. */
export function sarifProblems(log: Json): string[] {
  const problems: string[] = [];
  sarifLog(log, '$', problems);
  if (problems.length === 0) crossReferenceProblems(log as SarifLogShape, problems);
  return problems;
}

interface SarifLogShape {
  runs: {
    tool: { driver: { rules?: { id: string }[] } };
    originalUriBaseIds?: Record<string, { uri?: string }>;
    results?: { ruleId?: string; ruleIndex?: number; locations?: LocationShape[]; relatedLocations?: LocationShape[] }[];
  }[];
}
interface LocationShape {
  id?: number;
  physicalLocation?: { artifactLocation?: { uri?: string; uriBaseId?: string }; region?: { startLine?: number; startColumn?: number; endLine?: number; endColumn?: number } };
}

/** §3.27.6 ruleIndex points at the rule with ruleId; §3.4.4 uriBaseIds resolve; §3.14.14 base URIs end in "/"; §3.30 regions run forwards. */
function crossReferenceProblems(log: SarifLogShape, problems: string[]): void {
  log.runs.forEach((run, r) => {
    const bases = run.originalUriBaseIds ?? {};
    for (const [name, base] of Object.entries(bases)) {
      if (!base.uri?.endsWith('/') || !URL.canParse(base.uri)) problems.push(`runs[${r}].originalUriBaseIds.${name}: must be an absolute URI ending in /`);
    }
    (run.results ?? []).forEach((result, i) => {
      const at = `runs[${r}].results[${i}]`;
      const rule = result.ruleIndex === undefined ? undefined : run.tool.driver.rules?.[result.ruleIndex];
      if (rule?.id !== result.ruleId) problems.push(`${at}: ruleIndex ${result.ruleIndex} does not point at rule ${result.ruleId}`);
      const ids = new Set<number>();
      for (const [kind, locations] of [['locations', result.locations], ['relatedLocations', result.relatedLocations]] as const) {
        (locations ?? []).forEach((location, j) => {
          const where = `${at}.${kind}[${j}]`;
          if (kind === 'relatedLocations' && location.id !== undefined) {
            if (ids.has(location.id)) problems.push(`${where}: duplicate id ${location.id}`);
            ids.add(location.id);
          }
          const artifact = location.physicalLocation?.artifactLocation;
          if (artifact?.uriBaseId !== undefined && !(artifact.uriBaseId in bases)) problems.push(`${where}: uriBaseId ${artifact.uriBaseId} is not in originalUriBaseIds`);
          const span = location.physicalLocation?.region;
          if (span?.startLine !== undefined && span.endLine !== undefined) {
            const backwards = span.endLine < span.startLine || (span.endLine === span.startLine && (span.endColumn ?? 0) < (span.startColumn ?? 0));
            if (backwards) problems.push(`${where}.physicalLocation.region: ends before it starts`);
          }
        });
      }
    });
  });
}
