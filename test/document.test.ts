// The document stage (pipeline/document.ts): what it decides across tables — a price form that
// restates the purchase list, a table of lots that other tables detail, a table cut in two.
import { describe, expect, it } from 'vitest';
import { repeatsEarlier, sumsUpLots } from '../pipeline/document.js';
import type { Item } from '../schemas/records.js';

describe('tables that sum up lots', () => {
  const item = (quantity: number, unit: string) => ({ quantity, billing_unit: { raw: '', size: 1, unit } }) as Item;
  it('is a summary when each row is 1 项 against a budget column', () => {
    expect(sumsUpLots([item(1, 'item'), item(1, 'item')], ['品目号', '采购标的', '数量（单位）', '品目预算(元)'])).toBe(true);
  });
  it('is not without a budget column, or with real quantities', () => {
    expect(sumsUpLots([item(1, 'item')], ['序号', '标的名称', '数量'])).toBe(false);
    expect(sumsUpLots([item(1, 'item'), item(20, 'machine')], ['名称', '数量', '预算'])).toBe(false);
    expect(sumsUpLots([], ['名称', '数量', '预算'])).toBe(false);
  });
});

describe('price forms that repeat the items', () => {
  const item = (name: string, quantity: number, lot: number | null = null) => ({ item: name, quantity, lot }) as Item;
  const earlier = [item('云服务器（4核8G，主频≥2.4GHz）', 20), item('互联网带宽', 300)];

  it('is a repeat when every row stands earlier, by its whole name or its name before the brackets', () => {
    expect(repeatsEarlier([item('云服务器', 20), item('互联网带宽', 300)], earlier)).toBe(true);
  });

  it('is not when a quantity, a lot or a row differs, or nothing came before', () => {
    expect(repeatsEarlier([item('云服务器', 20), item('互联网带宽', 200)], earlier)).toBe(false);
    expect(repeatsEarlier([item('互联网带宽', 300, 2)], earlier)).toBe(false);
    expect(repeatsEarlier([item('互联网带宽', 300), item('对象存储', 10)], earlier)).toBe(false);
    expect(repeatsEarlier([item('互联网带宽', 300)], [])).toBe(false);
  });
});
