// Every public item of the published crates shows how it is used: this reads the HTML that
// `cargo doc` wrote and fails, naming each one, when an item's own documentation (a struct,
// enum, trait, function, type alias, constant or macro) carries no code example. For the
// crates named after `--methods`, each public inherent method of their types is checked too
// (not the `builder` Leptos generates for a component's props, which has no documentation to
// give, nor the methods of another crate's type re-exported).
//
//   node tests/docs/examples.mjs target/doc stytch_models stytch_core --methods stytch_leptos
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

const args = process.argv.slice(2);
const root = args.shift();
const split = args.indexOf('--methods');
const itemsOnly = split < 0 ? args : args.slice(0, split);
const withMethods = split < 0 ? [] : args.slice(split + 1);
if (!root || itemsOnly.length + withMethods.length === 0) {
  console.error('usage: examples.mjs <doc dir> <crate>... [--methods <crate>...]');
  process.exit(2);
}

const ITEM = /^(struct|enum|union|trait|fn|type|constant|static|macro|derive|attr)\.([^.]+)\.html$/;
const HAS_EXAMPLE = 'rust-example-rendered';

function* pages(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* pages(path);
    else if (ITEM.test(name)) yield path;
  }
}

/** The public inherent methods on a type's page, each with whether its docs show an example. */
function methods(html, typeName) {
  const start = html.indexOf('id="implementations"');
  if (start < 0) return [];
  const ends = ['id="trait-implementations"', 'id="synthetic-implementations"', 'id="blanket-implementations"']
    .map((marker) => html.indexOf(marker, start))
    .filter((at) => at > 0);
  const inherent = html.slice(start, ends.length ? Math.min(...ends) : undefined);
  return inherent
    .split('<section id="method.')
    .slice(1)
    .map((chunk) => ({
      name: chunk.slice(0, chunk.indexOf('"')),
      example: chunk.includes(HAS_EXAMPLE),
      // Another crate's type re-exported (serde_json's `Value`) links its source on docs.rs.
      foreign: /class="src rightside" href="https?:/.test(chunk.slice(0, chunk.indexOf('</section>'))),
    }))
    .filter((method) => !method.foreign && !(method.name === 'builder' && typeName.endsWith('Props')));
}

let items = 0;
let checkedMethods = 0;
const missing = [];
for (const [crate, checkMethods] of [...itemsOnly.map((c) => [c, false]), ...withMethods.map((c) => [c, true])]) {
  if (!existsSync(join(root, crate))) {
    console.error(`no documentation of ${crate} under ${root}: run cargo doc first`);
    process.exit(2);
  }
  for (const page of pages(join(root, crate))) {
    const html = readFileSync(page, 'utf8');
    // A re-export's page under its defining module only redirects to the public path.
    if (html.includes('http-equiv="refresh"')) continue;
    items += 1;
    const relative = page.slice(root.length + 1);
    const start = html.indexOf('class="toggle top-doc"');
    const end = start < 0 ? -1 : html.indexOf('<h2', start);
    const docs = start < 0 ? '' : html.slice(start, end < 0 ? undefined : end);
    if (!docs.includes(HAS_EXAMPLE)) missing.push(relative);
    if (checkMethods) {
      for (const method of methods(html, basename(page).match(ITEM)[2])) {
        checkedMethods += 1;
        if (!method.example) missing.push(`${relative}#method.${method.name}`);
      }
    }
  }
}

if (items === 0) {
  console.error(`no item pages under ${root}: run cargo doc first`);
  process.exit(2);
}
const checked = `${items} public items and ${checkedMethods} methods`;
if (missing.length > 0) {
  console.error(`${missing.length} of ${checked} have no usage example:`);
  for (const page of missing.sort()) console.error(`  ${page}`);
  process.exit(1);
}
console.log(`${checked}, each with a usage example`);
