// IAF/EA scope sectors 1–39 (IAF ID 1) and validation of a certificate's scope-code list.

import { invalidArgument } from '../../shared/errors';
import { requireArray, requireInt } from '../validate';

export const IAF_SECTORS: Readonly<Record<number, string>> = Object.freeze({
  1: 'Agriculture, forestry and fishing',
  2: 'Mining and quarrying',
  3: 'Food products, beverages and tobacco',
  4: 'Textiles and textile products',
  5: 'Leather and leather products',
  6: 'Wood and wood products',
  7: 'Pulp, paper and paper products',
  8: 'Publishing companies',
  9: 'Printing companies',
  10: 'Manufacture of coke and refined petroleum products',
  11: 'Nuclear fuel',
  12: 'Chemicals, chemical products and fibres',
  13: 'Pharmaceuticals',
  14: 'Rubber and plastic products',
  15: 'Non-metallic mineral products',
  16: 'Concrete, cement, lime, plaster etc.',
  17: 'Basic metals and fabricated metal products',
  18: 'Machinery and equipment',
  19: 'Electrical and optical equipment',
  20: 'Shipbuilding',
  21: 'Aerospace',
  22: 'Other transport equipment',
  23: 'Manufacturing not elsewhere classified',
  24: 'Recycling',
  25: 'Electricity supply',
  26: 'Gas supply',
  27: 'Water supply',
  28: 'Construction',
  29: 'Wholesale and retail trade; repair of motor vehicles, motorcycles and personal and household goods',
  30: 'Hotels and restaurants',
  31: 'Transport, storage and communication',
  32: 'Financial intermediation; real estate; renting',
  33: 'Information technology',
  34: 'Engineering services',
  35: 'Other services',
  36: 'Public administration',
  37: 'Education',
  38: 'Health and social work',
  39: 'Other social services',
});

const IAF_MIN = 1;
const IAF_MAX = 39;

/** A non-empty list of distinct IAF sectors, returned sorted so equal scopes store identically. */
export function validateScopeCodes(input: unknown, field: string): number[] {
  const items = requireArray(input, field, { min: 1, max: IAF_MAX });
  const seen = new Set<number>();
  items.forEach((item, i) => {
    const code = requireInt(item, `${field}[${i}]`, { min: IAF_MIN, max: IAF_MAX });
    if (seen.has(code)) {
      throw invalidArgument(`${field}[${i}]`, `IAF sector ${code} is listed twice; give each sector once`);
    }
    seen.add(code);
  });
  return [...seen].sort((a, b) => a - b);
}
