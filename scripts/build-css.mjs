// Build the NL Design System CSS the portal serves (run by scripts/vendor.sh).
//
// The Utrecht component library is 406 KB; the portal uses a few dozen of its
// classes. This keeps only what the pages can use (docs/decisions, page weight):
//   components.css  the rules whose utrecht-* classes the templates or the
//                   widget classes in Python name (PurgeCSS);
//   theme.css       the design tokens those rules and static/css/ refer to,
//                   followed through tokens that refer to other tokens;
//   noto-sans.css   the Latin and Latin Extended faces of the font only.
// It stops with an error when a rule is dropped although every class in it is
// used: that would be a change on screen, not a saving.
//
// Usage: node scripts/build-css.mjs OUT_DIR
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import postcss from "postcss";
import { PurgeCSS } from "purgecss";

const out = process.argv[2];
if (!out) {
  console.error("usage: node scripts/build-css.mjs OUT_DIR");
  process.exit(2);
}

const COMPONENTS = "node_modules/@utrecht/component-library-css/dist/index.css";
const TOKENS = "node_modules/@utrecht/design-tokens/dist/theme.css";
const FONT = "node_modules/@fontsource-variable/noto-sans/index.css";
// Where class names are written: templates, and Python that sets widget classes.
const CONTENT = [
  "templates/**/*.html",
  "cop_portal/**/*.py",
  "communities/**/*.py",
  "knowledge/**/*.py",
  "signals/**/*.py",
];
// Classes the templates build from a variable, so no scan can see them whole:
// utrecht-heading-{{ level }} and utrecht-alert--{% if ... %}ok{% endif %}.
const DYNAMIC_CLASSES = [/^utrecht-heading-[1-6]$/, /^utrecht-alert--/];
// Only the font subsets Dutch and English text needs (decision 0003, page weight).
const FONT_SUBSETS = /noto-sans-(latin|latin-ext)-wght-normal\.woff2/;

const CLASS_IN_CSS = /\.(utrecht-[A-Za-z0-9_-]+)/g;
const VAR_USE = /var\(\s*(--[A-Za-z0-9_-]+)/g;

function* matches(text, pattern, group = 1) {
  for (const match of text.matchAll(pattern)) yield match[group];
}

async function usedClasses() {
  const purge = new PurgeCSS();
  const words = await purge.extractSelectorsFromFiles(CONTENT, [
    { extensions: ["html", "py"], extractor: (text) => text.match(/[A-Za-z0-9_-]+/g) || [] },
  ]);
  return new Set([...words.undetermined].filter((word) => word.startsWith("utrecht-")));
}

async function buildComponents() {
  const css = await readFile(COMPONENTS, "utf8");
  // Attribute selectors never decide: Django renders aria-invalid, type,
  // disabled and the like on widgets at run time, where no scan sees them.
  const attributes = [...new Set(matches(css, /\[\s*([A-Za-z-]+)/g))];
  const [result] = await new PurgeCSS().purge({
    content: CONTENT,
    css: [{ raw: css }],
    safelist: { standard: DYNAMIC_CLASSES },
    dynamicAttributes: attributes,
    rejected: true,
  });
  const used = await usedClasses();
  const isUsed = (name) => used.has(name) || DYNAMIC_CLASSES.some((re) => re.test(name));
  const wrongly = result.rejected.filter((selector) => {
    const classes = [...matches(selector, CLASS_IN_CSS)];
    return classes.length > 0 && classes.every(isUsed);
  });
  if (wrongly.length) {
    throw new Error(`rules dropped although their classes are used:\n${wrongly.join("\n")}`);
  }
  return result.css;
}

async function ownCss() {
  const dir = "static/css";
  const names = (await readdir(dir)).filter((name) => name.endsWith(".css"));
  return Promise.all(names.map((name) => readFile(path.join(dir, name), "utf8")));
}

async function buildTokens(users) {
  const root = postcss.parse(await readFile(TOKENS, "utf8"));
  const definitions = new Map();
  root.walkDecls(/^--/, (decl) => {
    definitions.set(decl.prop, [...(definitions.get(decl.prop) || []), decl]);
  });
  // Every token the stylesheets use, and every token those tokens use.
  const needed = new Set();
  const queue = users.flatMap((css) => [...matches(css, VAR_USE)]);
  while (queue.length) {
    const name = queue.pop();
    if (needed.has(name)) continue;
    needed.add(name);
    for (const decl of definitions.get(name) || []) queue.push(...matches(decl.value, VAR_USE));
  }
  let dropped = 0;
  root.walkDecls(/^--/, (decl) => {
    if (!needed.has(decl.prop)) {
      decl.remove();
      dropped += 1;
    }
  });
  root.walkRules((rule) => {
    // The generator's "/* 20px */" notes would outlive the tokens they annotate.
    rule.walkComments((comment) => comment.remove());
    if (rule.nodes.length === 0) rule.remove();
  });
  return { css: root.toString(), kept: definitions.size - dropped, dropped };
}

async function buildFont() {
  const root = postcss.parse(await readFile(FONT, "utf8"));
  root.walkAtRules("font-face", (rule) => {
    let src = "";
    rule.walkDecls("src", (decl) => {
      src = decl.value;
    });
    if (!FONT_SUBSETS.test(src)) rule.remove();
  });
  root.walkComments((comment) => {
    if (!FONT_SUBSETS.test(`${comment.text}.woff2`)) comment.remove();
  });
  return root.toString();
}

const components = await buildComponents();
const tokens = await buildTokens([components, ...(await ownCss())]);
const font = await buildFont();
await mkdir(path.join(out, "utrecht"), { recursive: true });
await mkdir(path.join(out, "noto-sans"), { recursive: true });
await writeFile(path.join(out, "utrecht", "components.css"), components);
await writeFile(path.join(out, "utrecht", "theme.css"), tokens.css);
await writeFile(path.join(out, "noto-sans", "noto-sans.css"), font);
console.log(
  `components.css ${components.length} bytes; theme.css ${tokens.css.length} bytes ` +
    `(${tokens.kept} tokens kept, ${tokens.dropped} unused dropped); ` +
    `noto-sans.css ${font.length} bytes`,
);
