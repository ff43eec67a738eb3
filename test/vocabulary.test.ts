// The contract's vocabularies and the rules that produce them agree, both ways: a key the rules
// give is one the contract names, and every key the contract names has a rule.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVICES, UNITS } from '../schemas/records.js';
import { GOODS_RULES, RULES, SERVER_PARTS } from '../pipeline/services.js';
import { roleOf } from '../pipeline/headers.js';

const contract = readFileSync(new URL('../../shared/CONTRACT.md', import.meta.url), 'utf8');

/** The text of a contract section, from its heading (or lead words) to the next blank-line-separated heading. */
function section(start: string, end: string): string {
  const a = contract.indexOf(start);
  const b = contract.indexOf(end, a + start.length);
  expect(a, `CONTRACT.md has "${start}"`).toBeGreaterThanOrEqual(0);
  return contract.slice(a + start.length, b < 0 ? undefined : b);
}

describe('vocabularies', () => {
  it('the service keys are the taxonomy rules\' keys and the contract\'s, in families', () => {
    const named = section('### Service taxonomy (`service`)', '\n#').match(/\b[a-z]+(?:\.[a-z_]+)*\b/g)!.filter((w) => w === 'other' || w.includes('.'));
    expect([...SERVICES].sort()).toEqual([...new Set(named)].sort());
    const fromRules = new Set<string>([...RULES.map((r) => r.service), ...GOODS_RULES.map((r) => r.service), ...SERVER_PARTS.map(([s]) => s)]);
    expect(SERVICES.filter((s) => !fromRules.has(s))).toEqual(['other']);
    expect(SERVICES.slice(0, 6)).toEqual(['compute.bare_metal', 'compute.bare_metal.disk', 'compute.bare_metal.memory', 'compute.gpu', 'compute.memory', 'compute.vcpu']);
    expect(SERVICES.at(-1)).toBe('other');
  });

  it('the billing units are the contract\'s', () => {
    const named = section('`unit` vocabulary:', '\n\n').match(/`([^`]+)`/g)!.map((w) => w.slice(1, -1)).filter((w) => !['Gb', 'G'].includes(w));
    expect([...UNITS].sort()).toEqual([...named].sort());
  });

  it('a header word is one entry of HEADER_WORDS: 开通量 (what is opened, as cloud lists say) is a quantity', () => {
    expect(roleOf('开通量')).toBe('quantity');
    expect(roleOf('开通量（个）')).toBe('quantity');
  });
});
