#!/bin/sh
# Put exactly the front-end files the portal serves into build/vendor/, where
# Django's staticfiles finds them. Copying a whole package would drag in files
# whose CSS points at assets that are not shipped, which breaks collectstatic's
# hashed-name post-processing.
#
# The CSS is built, not copied: scripts/build-css.mjs keeps only the Utrecht
# components and design tokens the templates use and the Latin font faces
# (decision 0009). Run this again after using a new utrecht-* class;
# tests/test_css_build.py fails until you do.
set -eu
cd "$(dirname "$0")/.."
out=build/vendor
rm -rf "$out"
mkdir -p "$out/utrecht" "$out/noto-sans/files"
node scripts/build-css.mjs "$out"
for font in $(grep -o 'files/[^)]*\.woff2' "$out/noto-sans/noto-sans.css"); do
    cp "node_modules/@fontsource-variable/noto-sans/$font" "$out/noto-sans/$font"
done
for licence in node_modules/@utrecht/design-tokens/LICENSE* node_modules/@fontsource-variable/noto-sans/LICENSE*; do
    [ -f "$licence" ] && cp "$licence" "$out/$(basename "$(dirname "$licence")")-$(basename "$licence")"
done
echo "vendor files in $out"
