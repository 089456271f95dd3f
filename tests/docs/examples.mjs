// Every public item of the published crates shows how it is used: this reads the HTML that
// `cargo doc` wrote and fails, naming each one, when an item's own documentation (a struct,
// enum, trait, function, type alias, constant or macro; the docs of its methods are not counted)
// carries no code example.
//
//   node tests/docs/examples.mjs target/doc stytch_models stytch_core stytch_leptos
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [root, ...crates] = process.argv.slice(2);
if (!root || crates.length === 0) {
  console.error('usage: examples.mjs <doc dir> <crate>...');
  process.exit(2);
}

const ITEM = /^(struct|enum|union|trait|fn|type|constant|static|macro|derive|attr)\.[^.]+\.html$/;

function* pages(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* pages(path);
    else if (ITEM.test(name)) yield path;
  }
}

let items = 0;
const missing = [];
for (const crate of crates) {
  if (!existsSync(join(root, crate))) {
    console.error(`no documentation of ${crate} under ${root}: run cargo doc first`);
    process.exit(2);
  }
  for (const page of pages(join(root, crate))) {
    const html = readFileSync(page, 'utf8');
    // A re-export's page under its defining module only redirects to the public path.
    if (html.includes('http-equiv="refresh"')) continue;
    items += 1;
    const start = html.indexOf('class="toggle top-doc"');
    const end = start < 0 ? -1 : html.indexOf('<h2', start);
    const docs = start < 0 ? '' : html.slice(start, end < 0 ? undefined : end);
    if (!docs.includes('rust-example-rendered')) missing.push(page.slice(root.length + 1));
  }
}

if (items === 0) {
  console.error(`no item pages under ${root}: run cargo doc first`);
  process.exit(2);
}
if (missing.length > 0) {
  console.error(`${missing.length} of ${items} public items have no usage example:`);
  for (const page of missing.sort()) console.error(`  ${page}`);
  process.exit(1);
}
console.log(`${items} public items, each with a usage example`);
