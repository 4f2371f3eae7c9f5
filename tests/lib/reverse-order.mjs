// reverse-order.mjs: makes a test file's tests run in reverse order, to prove that no test depends on what an
// earlier one left behind (issue 8, part 8). Load it before the file with --import (tests/lib/run-suite.mjs
// runs the HTTP files once more this way):
//
//   cd tests && node --import ./lib/reverse-order.mjs --test http/plan.test.mjs
//
// Node 20's runner has no option to shuffle. This module replaces test()/it() and describe()/suite() of
// node:test before any test file imports them (so it must be loaded with --import: node:test's names, once a
// file has imported them, cannot be changed): at each level (the file, each describe's body) the calls are
// held back and then made in reverse order, so the last test registered runs first. Hooks (before, after,
// ...) and subtests made with t.test() are left as they are.
import { createRequire } from 'node:module';

{
  const nodeTest = createRequire(import.meta.url)('node:test');
  if (!nodeTest.__barnplanReversed) {
    nodeTest.__barnplanReversed = true;
    let held = null; // the calls held back in the describe body that is running; null outside one
    let top = null; // the file's own calls, made in reverse once the file has been read

    const reversed = (orig, isSuite) => {
      const wrapped = function (...args) {
        if (isSuite) {
          const i = args.findIndex((a) => typeof a === 'function');
          if (i >= 0) {
            const body = args[i];
            args[i] = function (...bodyArgs) {
              const outer = held;
              held = [];
              try {
                const r = body.apply(this, bodyArgs);
                for (const call of held.reverse()) call();
                return r;
              } finally {
                held = outer;
              }
            };
          }
        }
        const call = () => orig.apply(this, args);
        if (held) {
          held.push(call);
        } else {
          if (!top) {
            top = [];
            setImmediate(() => {
              const calls = top.reverse();
              top = null;
              for (const c of calls) c();
            });
          }
          top.push(call);
        }
        return undefined;
      };
      for (const k of ['skip', 'todo', 'only']) if (orig[k]) wrapped[k] = orig[k];
      return wrapped;
    };
    nodeTest.test = reversed(nodeTest.test, false);
    nodeTest.it = reversed(nodeTest.it, false);
    nodeTest.describe = reversed(nodeTest.describe, true);
    nodeTest.suite = nodeTest.suite && reversed(nodeTest.suite, true);
  }
}
