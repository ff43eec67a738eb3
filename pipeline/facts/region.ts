// A notice's region {province, city}: read from the places its buyer's name, project, address
// and platform line name, with the gazetteer (gazetteer.ts). A place named in full
// (绍兴市, 柯桥区) is sure; a short form (绍兴) only where it cannot be part of another word.
import type { Region } from '../../schemas/records.js';
import { PROVINCES } from './gazetteer.js';
import { REGION_SHORT_AFTER, REGION_SHORT_NOT } from '../vocabulary.js';
import { escapeRegExp } from '../text.js';

interface Place { province: string; city: string | null }
interface Name { places: Place[]; short: boolean }

const names = new Map<string, Name>();
function add(name: string, place: Place, short: boolean): void {
  const known = names.get(name);
  if (!known) names.set(name, { places: [place], short });
  // A full name beats a short form that reads the same (吉林省's 吉林 and 吉林市's 吉林 stay the province's).
  else if (known.short && !short) names.set(name, { places: [place], short });
  else if (known.short === short && !known.places.some((p) => p.province === place.province && p.city === place.city)) known.places.push(place);
}
for (const p of PROVINCES) {
  add(p.name, { province: p.name, city: null }, false);
  for (const c of p.cities) {
    add(c.name, { province: p.name, city: c.name }, false);
    for (const k of c.counties) add(k, { province: p.name, city: c.name }, false);
  }
}
// Short forms after every full name, so that no short form displaces a full one.
for (const p of PROVINCES) {
  for (const s of p.short) add(s, { province: p.name, city: null }, true);
  for (const c of p.cities) for (const s of c.short) if (!names.has(s) || names.get(s)!.short) add(s, { province: p.name, city: c.name }, true);
}
// A province short form is the province wherever a city's short form reads the same (吉林).
for (const p of PROVINCES) for (const s of p.short) names.set(s, { places: [{ province: p.name, city: null }], short: true });

const MUNICIPALITIES = new Set(PROVINCES.filter((p) => p.cities.length === 1 && p.cities[0]!.name === p.name).map((p) => p.name));


/**
 * The names by their first character, longest first: at each place in a text, the first that
 * starts there is the longest. Built in one pass over the names, where a trie of a few thousand
 * maps was a twentieth of a small file's start-up; the texts searched are a few short lines.
 */
const BY_FIRST = new Map<string, string[]>();
for (const name of names.keys()) {
  const first = name.charAt(0);
  const list = BY_FIRST.get(first);
  if (list) list.push(name);
  else BY_FIRST.set(first, [name]);
}
for (const list of BY_FIRST.values()) list.sort((a, b) => b.length - a.length);

/** The names a text holds, left to right, each the longest that starts where it does, none overlapping. */
function namesIn(text: string): { name: string; at: number }[] {
  const out: { name: string; at: number }[] = [];
  for (let i = 0; i < text.length;) {
    const found = BY_FIRST.get(text.charAt(i))?.find((name) => text.startsWith(name, i));
    if (found) {
      out.push({ name: found, at: i });
      i += found.length;
    } else {
      i++;
    }
  }
  return out;
}
const SHORT_AFTER = new RegExp(`^(?:${REGION_SHORT_AFTER.map(escapeRegExp).join('|')})`);

/** The places a text names, in order, each with every place its name may be. */
function placesIn(text: string): Place[][] {
  const out: Place[][] = [];
  for (const m of namesIn(text)) {
    const name = names.get(m.name)!;
    if (name.short) {
      const at = m.at;
      const after = text.slice(at + m.name.length);
      // 杭州路 in a Shanghai address, 中山大学 in Guangzhou, 东方红: a short form inside another word.
      if (SHORT_AFTER.test(after) || REGION_SHORT_NOT.some((w) => text.startsWith(w, at))) continue;
    }
    out.push(name.places);
  }
  return out;
}

/**
 * The region the texts name, read in order of trust: the first that tells a province decides
 * it; the city is the first one named within that province (a county tells its city).
 */
export function regionOf(texts: readonly (string | null | undefined)[]): Region {
  let province: string | null = null;
  let city: string | null = null;
  for (const text of texts) {
    if (!text) continue;
    for (const places of placesIn(text)) {
      const fit: Place[] = province ? places.filter((p) => p.province === province) : places;
      if (!fit.length) continue;
      const provinces = new Set(fit.map((p) => p.province));
      // A name several provinces share (鼓楼区, 朝阳区) tells nothing until a province is known.
      if (provinces.size > 1) continue;
      province ??= fit[0]!.province;
      const cities = new Set(fit.map((p) => p.city).filter((c): c is string => c !== null));
      if (!city && cities.size === 1) city = [...cities][0]!;
      if (city) return { province, city };
    }
  }
  // 北京大学 names Beijing, a city as much as a province.
  if (province && MUNICIPALITIES.has(province)) city = province;
  return { province, city };
}
