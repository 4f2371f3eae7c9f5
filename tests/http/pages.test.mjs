// pages: "my cases" over several pages. With 600 demo children anna's school takes part in more cases
// than one page shows (50): the pages follow each other, newest first, with no case twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, listCases } from '../lib/server.mjs';

const srv = useServer({ children: 600 });

test('my cases: 50 a page, newest first, links to older and newer pages, every case once', async () => {
  const anna = await srv.login('anna');
  const api = await srv.apiLogin('anna');
  const all = await listCases(api); // the API's newest-first list, up to 200
  assert.ok(all.length > 60, `anna should see more than one page of cases, sees ${all.length}`);
  const seen = [];
  for (let page = 1; page <= 3; page++) {
    const r = await anna.get(`/cases?page=${page}`);
    assert.equal(r.status, 200);
    const ids = [...r.text.matchAll(/href="\/cases\/(\d+)"/g)].map((m) => Number(m[1]));
    if (page === 1) {
      assert.equal(ids.length, 50, 'the first page holds 50 cases');
      assert.match(r.text, /href="\/cases\?page=2" rel="next"/);
      assert.doesNotMatch(r.text, /rel="prev"/);
    } else {
      assert.match(r.text, new RegExp(`href="/cases\\?page=${page - 1}" rel="prev"`));
    }
    seen.push(...ids);
    if (!/rel="next"/.test(r.text)) break;
  }
  assert.equal(new Set(seen).size, seen.length, 'no case on two pages');
  assert.deepEqual(seen, all.slice(0, seen.length).map((c) => c.id), 'the pages follow the API order, newest first');
  const bogus = await anna.get('/cases?page=abc');
  assert.equal(bogus.status, 200, 'a bad page number shows the first page');
  const beyond = await anna.get('/cases?page=9999');
  assert.equal(beyond.status, 200);
  assert.match(beyond.text, /Du har inga pågående ärenden|rel="prev"/);
});
