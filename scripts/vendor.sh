#!/bin/sh
# Copy exactly the front-end files the portal serves from node_modules into
# build/vendor/, where Django's staticfiles finds them. Copying a whole package
# would drag in files whose CSS points at assets that are not shipped, which
# breaks collectstatic's hashed-name post-processing.
set -eu
cd "$(dirname "$0")/.."
out=build/vendor
rm -rf "$out"
mkdir -p "$out/utrecht" "$out/noto-sans/files"
cp node_modules/@utrecht/design-tokens/dist/theme.css "$out/utrecht/theme.css"
cp node_modules/@utrecht/component-library-css/dist/index.css "$out/utrecht/components.css"
cp node_modules/@fontsource-variable/noto-sans/index.css "$out/noto-sans/noto-sans.css"
for font in $(grep -o 'files/[^)]*\.woff2' node_modules/@fontsource-variable/noto-sans/index.css); do
    cp "node_modules/@fontsource-variable/noto-sans/$font" "$out/noto-sans/$font"
done
for licence in node_modules/@utrecht/design-tokens/LICENSE* node_modules/@fontsource-variable/noto-sans/LICENSE*; do
    [ -f "$licence" ] && cp "$licence" "$out/$(basename "$(dirname "$licence")")-$(basename "$licence")"
done
echo "vendor files in $out"
