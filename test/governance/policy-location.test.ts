// A rejected policy names where the problem is in the file: line and column of the JSON path.
import { describe, expect, it } from 'vitest';
import { parsePolicy, PolicyError } from '../../src/runtime/governance/index.js';
import { locateJsonPath } from '../../src/runtime/validate.js';

function rejection(text: string): PolicyError {
  try {
    parsePolicy(text);
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error('accepted');
}

const TEXT = [
  '{',
  '  "behaviors": { "my busy": { "type": "respond", "status": 99 } },',
  '  "flow": [',
  '    { "resource": "a", "threshold": 1 },',
  '    { "resource": "b", "treshold": 5 }',
  '  ],',
  '  "hotspot": [ { "resource": "c", "threshold": 1, "param": { "from": "header" } } ]',
  '}',
].join('\n');

describe('locating a JSON path in the policy text', () => {
  it('finds properties, array elements and keys that need quoting', () => {
    expect(locateJsonPath(TEXT, '$')).toEqual({ line: 1, column: 1 });
    expect(locateJsonPath(TEXT, '$.flow')).toEqual({ line: 3, column: 3 });
    expect(locateJsonPath(TEXT, '$.flow[1]')).toEqual({ line: 5, column: 5 });
    expect(locateJsonPath(TEXT, '$.flow[1].treshold')).toEqual({ line: 5, column: 24 });
    expect(locateJsonPath(TEXT, '$.behaviors["my busy"].status')).toEqual({ line: 2, column: 50 });
    // a missing property: the property whose object lacks it
    expect(locateJsonPath(TEXT, '$.hotspot[0].param.name')).toEqual({ line: 7, column: 51 });
    // past the end of an array: the array
    expect(locateJsonPath(TEXT, '$.flow[7]')).toEqual({ line: 3, column: 3 });
  });

  it('a rejected policy carries the position of its first problem', () => {
    const unknown = rejection(TEXT);
    expect(unknown.message).toBe('$.behaviors["my busy"].status: must be >= 100, got 99');
    expect([unknown.line, unknown.column]).toEqual([2, 50]);
    const typo = rejection(TEXT.replace('"status": 99', '"status": 429'));
    expect(typo.message).toBe('$.flow[1].treshold: unknown property (did you mean "threshold"?)');
    expect([typo.line, typo.column]).toEqual([5, 24]);
    const schema = rejection('{\n  "$schema": 5\n}');
    expect(schema.message).toBe('$.$schema: expected the path or URL of the policy schema, got number 5');
    expect([schema.line, schema.column]).toEqual([2, 3]);
  });
});
