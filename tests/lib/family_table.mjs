// family_table.mjs: docs/family-access.md's table (the ```family-access block of section 9), parsed the same
// way scripts/family-table.py compiles it for the server, so that the tests and the code read one table.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SOURCE_DIR } from './server.mjs';

export const ROLES = ['guardian', 'guardian_joint', 'parent', 'child_u7', 'child_7_11', 'child_12_14', 'child_15_17', 'adult_student', 'professional'];

/** Every item: { id, kind, route, fields: [...], cells: { role: { cell, scope } }, hide }. */
export function familyTable(file = path.join(SOURCE_DIR, 'docs/family-access.md')) {
  const m = readFileSync(file, 'utf8').match(/```family-access\n([\s\S]*?)```/);
  if (!m) throw new Error('no family-access block');
  const [header, ...rows] = m[1].split('\n').filter((l) => l.trim());
  const cols = header.split(';');
  return rows.map((row) => {
    const v = row.split(';');
    if (v.length !== cols.length) throw new Error(`bad row ${row}`);
    const cells = {};
    ROLES.forEach((r, i) => {
      const [cell, scope = 'all'] = v[4 + i].split(':');
      cells[r] = { cell, scope };
    });
    return { id: v[0], kind: v[1], route: v[2], fields: v[3] === '-' ? [] : v[3].split(' '), cells, hide: v.at(-1) === 'hide' };
  });
}

/** The data-item ids in an HTML page. */
export function dataItems(html) {
  return new Set([...html.matchAll(/data-item="([^"]+)"/g)].map((x) => x[1]));
}
